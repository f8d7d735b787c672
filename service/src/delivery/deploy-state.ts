import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';

/**
 * Stages hand over through JSON files in one state directory, so each can run as its own CI job
 * with the directory carried between jobs as an artifact. Each file is written by one stage only.
 */
export interface BackupState {
  readonly environment: string;
  readonly image: string;
  /** host:port/name of DATABASE_URL when the stage ran (never credentials). */
  readonly database: string;
  readonly backupId: string;
  /** File names inside the state directory's backup/ folder. */
  readonly dumpFile: string;
  readonly manifestFile: string;
  readonly sizeBytes: number;
  readonly verifiedAt: string;
}

export interface RehearsalState {
  readonly environment: string;
  readonly image: string;
  /** host:port/name of DATABASE_URL when the stage ran (never credentials). */
  readonly database: string;
  readonly backupId: string;
  readonly lintPassed: boolean;
  readonly findings: number;
  readonly pending: string[];
  readonly applied: { name: string; durationMs: number }[];
}

export interface MigrateState {
  readonly environment: string;
  readonly image: string;
  /** host:port/name of DATABASE_URL when the stage ran (never credentials). */
  readonly database: string;
  readonly backupId: string;
  readonly applied: string[];
}

export interface StageFiles {
  backup: BackupState;
  rehearsal: RehearsalState;
  migrate: MigrateState;
}

export type StageName = keyof StageFiles;

export function stateFile(dir: string, stage: StageName): string {
  return path.join(dir, `${stage}.json`);
}

export async function writeState<S extends StageName>(dir: string, stage: S, state: StageFiles[S]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = stateFile(dir, stage);
  await writeFile(`${file}.partial`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.partial`, file);
  return file;
}

const RUN_FIRST: Record<StageName, string> = {
  backup: 'make deploy-backup',
  rehearsal: 'make deploy-rehearse',
  migrate: 'make deploy-migrate',
};

/**
 * The state an earlier stage left, for the same environment and image: a stage never acts on a
 * backup, rehearsal or migration made for something else.
 */
export async function readState<S extends StageName>(
  dir: string,
  stage: S,
  expect: { environment: string; image: string; database: string },
): Promise<StageFiles[S]> {
  const file = stateFile(dir, stage);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new DeliveryError(
      `${file} is missing: run \`${RUN_FIRST[stage]}\` first (or carry its state directory over).`,
      DELIVERY_EXIT.order,
    );
  }
  const state = JSON.parse(text) as StageFiles[S];
  if (state.environment !== expect.environment || state.image !== expect.image) {
    throw new DeliveryError(
      `${file} was written for ${state.environment} / ${state.image}, not ${expect.environment} / ${expect.image}; run \`${RUN_FIRST[stage]}\` for this deploy.`,
      DELIVERY_EXIT.order,
    );
  }
  if (state.database !== expect.database) {
    throw new DeliveryError(
      `${file} was written for the database ${String(state.database)}, but DATABASE_URL is ${expect.database}; nothing was done. Check DATABASE_URL, or run \`${RUN_FIRST[stage]}\` against this database.`,
      DELIVERY_EXIT.order,
    );
  }
  return state;
}

/** A new backup makes every later stage's state stale; a new rehearsal, the migration's. */
export async function forgetLaterStages(dir: string, after: StageName): Promise<void> {
  const later: Record<StageName, string[]> = {
    backup: ['rehearsal.json', 'rehearsal-report.json', 'migrate.json'],
    rehearsal: ['migrate.json'],
    migrate: [],
  };
  await Promise.all(later[after].map((file) => rm(path.join(dir, file), { force: true })));
}
