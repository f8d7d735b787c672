import { readdirSync } from 'node:fs';
import path from 'node:path';

/** A file of test cases that runs inside its folder's test file (see runCasesOf), not on its own. */
export const CASES_SUFFIX = '.cases.ts';

/** The *.cases.ts files of a folder, in name order. */
export function casesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith(CASES_SUFFIX))
    .sort();
}

/**
 * Runs every *.cases.ts file of the folder inside the calling test file, each under a describe
 * named after it (`items.create › POST /api/v1/items › When ...`).
 *
 * Why: jest gives every test file a module registry of its own, so each file loads and compiles
 * express, sequelize, ajv and the app again: about a second of CPU per file on a 2-core build
 * machine, most of a light file's time. Files of one folder mostly import the same modules, so
 * they share one registry here. Each case file still gets its own database and app (useTestApp)
 * and its hooks stay inside its describe. A file that takes seconds on its own (a browser, a
 * copy of the checkout) stays a *.test.ts, so the workers can run it beside the others.
 */
export function runCasesOf(folder: string): void {
  const files = casesIn(folder);
  if (files.length === 0) throw new Error(`${folder} has no *${CASES_SUFFIX} files to run`);
  for (const file of files) {
    describe(file.slice(0, -CASES_SUFFIX.length), () => {
      // A case file only registers describe blocks; loading it here nests them under this one.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(folder, file));
    });
  }
}
