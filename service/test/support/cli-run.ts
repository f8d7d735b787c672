/** What a CLI run left behind: its exit code and everything it printed. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs a CLI's in-process entry with its output captured, as a spawned run's would be. */
export function captureCli(run: (io: CliOutput) => number): CliRun {
  let stdout = '';
  let stderr = '';
  const code = run({ stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}
