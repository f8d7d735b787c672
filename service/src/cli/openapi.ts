import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadOpenApiDocument } from '../http/openapi';

const HELP = `Usage: npm run openapi -- [--out FILE] [--json]      (make openapi)

Writes the OpenAPI document the service serves at /openapi.json, built from the @openapi blocks
beside the routes, to FILE (default .reports/openapi.json) and prints one JSON line saying where.
CI uploads it as an artifact. Exit codes: 0 written, 1 the document could not be built, 2 bad usage.`;

function main(argv: string[]): number {
  let values: { out?: string; help?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(`openapi: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  const out = values.out ?? '.reports/openapi.json';
  try {
    const document = loadOpenApiDocument();
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify({ ok: true, out, paths: Object.keys(document.paths).length })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`openapi: could not write ${out}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
