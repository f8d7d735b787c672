import type { ProgressEvent } from '../../migrator/execution';
import type { StatusReport } from '../../migrator/maintenance';
import type { MigrationResult } from '../../migrator/migrator';

export function formatResults(verb: 'applied' | 'reverted', results: readonly MigrationResult[]): string {
  if (results.length === 0) return verb === 'applied' ? 'nothing to apply: the database is up to date' : 'nothing to revert';
  const total = results.reduce((sum, result) => sum + result.durationMs, 0);
  return `${verb} ${results.length} migration(s) in ${total} ms`;
}

export function formatProgress(event: ProgressEvent): string {
  const verb = event.direction === 'down' ? 'reverting' : 'applying';
  if (event.type === 'start') return `${verb} ${event.name} ...`;
  if (event.type === 'done')
    return `${event.direction === 'down' ? 'reverted' : 'applied'} ${event.name} (${Math.round(event.durationMs ?? 0)} ms)`;
  return `${event.name ? `${event.name}: ` : ''}${event.message ?? ''}`;
}

const CHECK_LABELS: Record<string, string> = {
  ok: '',
  unverified: '  (no checksum recorded: applied before the runner kept them)',
  'checksum-mismatch': '  EDITED since applied',
  'missing-file': '  FILE MISSING',
  'out-of-order': '  OUT OF ORDER',
};

export function formatStatus(status: StatusReport): string {
  const lines = status.migrations.map((m) => {
    const when = m.appliedAt ? m.appliedAt.replace(/\.\d+Z$/, 'Z') : '-';
    return `${m.state.padEnd(12)} ${when.padEnd(20)} ${m.name}${CHECK_LABELS[m.check] ?? ''}`;
  });
  lines.push(`${status.applied} applied, ${status.pending} pending, ${status.problems.length} problem(s)`);
  for (const problem of status.problems) lines.push(`  - ${problem.message}`);
  return lines.join('\n');
}
