import path from 'node:path';
import { runDeployCli } from './deploy/main';

// Compiled, this file sits in dist/service/src/cli; from source, in service/src/cli.
const ROOT = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../..' : '../../..');

// The only side effect of the deploy command: run it and exit with its code once stdout is flushed.
void runDeployCli(process.argv.slice(2), process.env, ROOT, {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}).then((code) => process.stdout.write('', () => process.exit(code)));
