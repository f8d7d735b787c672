import { runResourceCli } from './resource-cli';

process.exitCode = runResourceCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
