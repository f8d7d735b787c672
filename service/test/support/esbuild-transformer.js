'use strict';
/* global require, module -- CommonJS: jest loads transformers with require() */
// Jest transformer: TypeScript to CommonJS with esbuild, one file at a time (no type checking;
// that is `make lint`'s job), without the TypeScript program ts-jest builds for every worker.
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  platform: 'node',
  sourcemap: 'external',
  // The compiler settings that change emitted JavaScript, as tsconfig.json has them.
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true, esModuleInterop: true } },
};

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename, { configString }) {
    return createHash('sha256')
      .update(`${version}\0${JSON.stringify(OPTIONS)}\0${configString}\0${filename}\0${source}`)
      .digest('hex');
  },
};
