import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOpenApiDocument } from '../src/http/openapi';

const HELP = `Usage: npm run openapi -- [--out FILE] [--json]      (make openapi OUT=FILE)

Writes the OpenAPI document the app serves at /openapi.json (built from the @openapi blocks
beside the routes) to FILE (default .reports/openapi.json), for linters, client generators and
the test workflow's artifact. With --out - it goes to stdout.
  --json              one JSON line on stdout saying where it went and how many paths it has

Exit codes: 0 written, 1 the document could not be built or written, 2 bad usage.`;

function write(out: string, json: boolean): number {
  const document = loadOpenApiDocument();
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (out === '-') {
    process.stdout.write(text);
    return 0;
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, text);
  if (json) process.stdout.write(`${JSON.stringify({ ok: true, out, paths: Object.keys(document.paths).length })}\n`);
  else process.stderr.write(`wrote ${out}\n`);
  return 0;
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const out = values.out ?? '.reports/openapi.json';
  try {
    return write(out, values.json === true);
  } catch (error) {
    process.stderr.write(`openapi: could not write ${out}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
