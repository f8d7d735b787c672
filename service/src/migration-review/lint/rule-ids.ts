/** Stable ids: migrations name them in `export const accept`, so renaming one breaks reviewed markers. */
export const RULE_IDS = [
  'drop-table',
  'drop-column',
  'drop-schema',
  'rename-table',
  'rename-column',
  'change-column-type',
  'set-not-null',
  'add-not-null-column-without-default',
  'add-column-volatile-default',
  'constraint-not-valid',
  'unique-without-index',
  'create-index-not-concurrently',
  'drop-index-not-concurrently',
  'concurrently-in-transaction',
  'truncate',
  'vacuum-full',
  'cluster',
  'missing-lock-timeout',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
