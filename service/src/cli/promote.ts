import path from 'node:path';
import { runPromoteCli } from './deploy/promote';

const ROOT = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../..' : '../../..');

// The only side effect of the promote command: run it and exit with its code once stdout is flushed.
void runPromoteCli(process.argv.slice(2), ROOT, {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}).then((code) => process.stdout.write('', () => process.exit(code)));
