/**
 * A failure of backup tooling, worded for the person at the terminal: what failed, why, and
 * what to do next. The exit code lets scripts tell a bad backup from a broken environment.
 */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

/** Exit code of a backup that was read but is not what its manifest promises. */
export const VERIFICATION_FAILED = 3;

/** The backup itself is bad (corrupt, truncated, or not matching its manifest). */
export class VerificationError extends OpsError {
  constructor(message: string) {
    super(message, VERIFICATION_FAILED);
    this.name = 'VerificationError';
  }
}
