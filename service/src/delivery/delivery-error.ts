/** Exit codes of `deploy` and `promote`, so a pipeline can tell "try again later" from "fix something". */
export const DELIVERY_EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** Another deploy to the same environment holds the deploy lock. */
  locked: 3,
  /** The backup could not be taken or proven: nothing else may run. */
  backup: 4,
  /** Lint found an unaccepted finding, or a migration failed in the rehearsal. */
  rehearsal: 5,
  /** A stage was asked to run without the state an earlier stage leaves (backup, rehearsal, migration). */
  order: 6,
} as const;

export type DeliveryExitCode = (typeof DELIVERY_EXIT)[keyof typeof DELIVERY_EXIT];

/** A failure worded for the person running the deploy: what failed, why, and what to do next. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly exitCode: DeliveryExitCode = DELIVERY_EXIT.failed,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
