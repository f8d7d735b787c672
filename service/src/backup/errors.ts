import { CliError, EXIT_CODES } from '../exit-codes';

/**
 * A failure of backup tooling, worded for the person at the terminal: what failed, why, and
 * what to do next. The exit code (exit-codes.ts) lets scripts tell a bad backup from a broken environment.
 */
export class BackupError extends CliError {}

/** Exit code of a backup that was read but is not what its manifest promises. */
export const VERIFICATION_FAILED = EXIT_CODES.badBackup;

/** The backup itself is bad (corrupt, truncated, or not matching its manifest). */
export class VerificationError extends BackupError {
  constructor(message: string) {
    super(message, VERIFICATION_FAILED);
  }
}
