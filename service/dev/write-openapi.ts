import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOpenApiDocument } from '../src/http/openapi';

const HELP = `Usage: npm run openapi -- [--out FILE]      (make openapi OUT=FILE)

Writes the OpenAPI document the app serves at /openapi.json (built from the @openapi blocks
beside the routes) to FILE (default .reports/openapi.json), for linters and client generators.
With --out - it goes to stdout.`;

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const text = `${JSON.stringify(loadOpenApiDocument(), null, 2)}\n`;
  const out = values.out ?? '.reports/openapi.json';
  if (out === '-') {
    process.stdout.write(text);
    return 0;
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
