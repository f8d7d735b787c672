export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The start every dev command shares: `--help` prints HELP (exit 0); arguments parse() cannot use
 * (it returns or throws the reason) print the reason with HELP (exit 2). Anything else is the
 * options to run with.
 */
export function parseOrExitCode<T>(
  command: string,
  help: string,
  argv: string[],
  io: Output,
  parse: (argv: string[]) => T | string,
): { options: T } | { exitCode: number } {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${help}\n`);
    return { exitCode: 0 };
  }
  let options: T | string;
  try {
    options = parse(argv);
  } catch (error) {
    options = (error as Error).message;
  }
  if (typeof options === 'string') {
    io.stderr(`${command}: ${options}\n\n${help}\n`);
    return { exitCode: 2 };
  }
  return { options };
}
