import { RULE_IDS, isRuleId, type RuleId } from './rule-ids';
import type { AcceptedFindings } from './types';

/** A migration's `accept` export is malformed; lint cannot trust any of it. */
export class AcceptMarkerError extends Error {
  constructor(
    readonly migration: string,
    readonly problems: readonly string[],
  ) {
    super(`${migration}: invalid \`export const accept\`: ${problems.join('; ')}.`);
    this.name = 'AcceptMarkerError';
  }
}

const EXAMPLE = "export const accept = { 'drop-column': 'column unused since v1.4' }";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsOf(accept: Record<string, unknown>): string[] {
  return Object.entries(accept).flatMap(([ruleId, reason]) => {
    if (!isRuleId(ruleId)) return [`'${ruleId}' is not a lint rule (known: ${RULE_IDS.join(', ')})`];
    if (typeof reason !== 'string' || reason.trim() === '') return [`'${ruleId}' needs a reason: say why this finding is safe here`];
    return [];
  });
}

/**
 * The reviewed markers of a loaded migration module: `export const accept = { 'rule-id': 'reason' }`.
 * No export means nothing is accepted. An unknown rule id or an empty reason throws, listing
 * every problem at once, because a typo would otherwise silently accept nothing.
 */
export function readAcceptedFindings(migrationModule: unknown, migration = 'migration'): AcceptedFindings {
  if (!isPlainObject(migrationModule)) return {};
  // A TypeScript migration compiled to CommonJS may expose its exports under `default`.
  const fallback = isPlainObject(migrationModule.default) ? migrationModule.default.accept : undefined;
  const accept = migrationModule.accept ?? fallback;
  if (accept === undefined) return {};
  if (!isPlainObject(accept)) throw new AcceptMarkerError(migration, [`it must be an object such as ${EXAMPLE}`]);
  const problems = problemsOf(accept);
  if (problems.length > 0) throw new AcceptMarkerError(migration, problems);
  return Object.fromEntries(Object.entries(accept).map(([ruleId, reason]) => [ruleId as RuleId, (reason as string).trim()]));
}
