import { runInitCli } from './init-fork-cli';

process.exitCode = runInitCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
