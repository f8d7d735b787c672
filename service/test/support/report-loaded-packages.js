'use strict';
/* global process, require -- CommonJS, preloaded with node --require */
// Preloaded into a process under test (NODE_OPTIONS=--require=<this file>): when the process
// exits, it writes the npm packages it loaded, so a test can see what a start cost.
process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    if (name) packages.add(name);
  }
  process.stderr.write(`loaded packages: ${[...packages].sort().join(' ') || '(none)'}\n`);
});
