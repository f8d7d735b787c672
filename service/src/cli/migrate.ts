import { runMigrateCli } from './migrate-cli';

// The only side effect of the migrate command: run it and exit with its code once stdout is flushed.
void runMigrateCli(process.argv.slice(2), process.env, {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}).then((code) => process.stdout.write('', () => process.exit(code)));
