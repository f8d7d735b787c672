import { appendFileSync } from 'node:fs';
import { DeliveryError, DELIVERY_EXIT } from '../../delivery/delivery-error';
import { redactConnectionString } from '../../redact';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Top-level fields as step outputs (backup-id, commit, applied as JSON, ...), so workflow YAML needs no JSON parsing. */
export function writeGithubOutput(file: string | undefined, data: Record<string, unknown>): void {
  if (!file) return;
  const lines = Object.entries(data)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value) || value === null)
    .map(([key, value]) => `${kebab(key)}=${value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  appendFileSync(file, lines.join(''));
}

/** The one closing JSON line on stdout; on failure, the message for people on stderr first. */
export function finish(io: CliIo, stage: string, outcome: { data: Record<string, unknown> } | { error: unknown }): number {
  if ('data' in outcome) {
    io.stdout(`${JSON.stringify({ stage, ok: true, ...outcome.data })}\n`);
    return DELIVERY_EXIT.ok;
  }
  const error = outcome.error;
  const known = error instanceof DeliveryError;
  const message = redactConnectionString(error instanceof Error ? error.message : String(error));
  const exitCode = known ? error.exitCode : DELIVERY_EXIT.failed;
  io.stderr(`${stage}: ${message}\n`);
  io.stdout(`${JSON.stringify({ stage, ok: false, exitCode, error: message })}\n`);
  return exitCode;
}
