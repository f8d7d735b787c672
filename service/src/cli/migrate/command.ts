import type { Migrator, MigratorOptions } from '../../migrator/migrator';
import type { ExitCodeName } from '../../exit-codes';
import type { CliReport } from '../shared/output';

/** The shape of one migrate command: commands.ts and review-commands.ts both fill it in. */
export interface CommandInput {
  readonly args: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly migrator: () => Migrator;
  /** What the migrator would be opened with (DATABASE_URL, directories, settings). */
  readonly options: () => MigratorOptions;
  readonly sourcesDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines, always on stderr: plan writes SQL to stdout. */
  readonly progress: (line: string) => void;
}

export type CommandOutput = CliReport;

export interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly help: string;
  /** Options this command accepts besides --json, --help and --migrations-dir. */
  readonly options: readonly string[];
  /** Rows of the exit-code table (exit-codes.ts) this command can end with. */
  readonly exitCodes: readonly ExitCodeName[];
  /** Takes the migration lock or runs migrations: accepts the lock and timeout options. */
  readonly takesLock?: boolean;
  /** False for commands that never touch a database (create). */
  readonly usesDatabase?: boolean;
  /** Its human report on stdout is data (plan's SQL): the database is named on stderr instead. */
  readonly stdoutIsData?: boolean;
  readonly positionals?: number;
  run(input: CommandInput): Promise<CommandOutput>;
}
