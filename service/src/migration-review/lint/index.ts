/**
 * Migration lint: flags statements that lock, rewrite or destroy data on a live database.
 * A pure library over planned statements; `migrate lint` and the deploy rehearsal feed it.
 */
export { lintStatements, hasErrors } from './lint-statements';
export { formatFindings, type FindingAnnotation, type FormatOptions } from './format-findings';
export { readAcceptedFindings, AcceptMarkerError } from './accept-markers';
export { SqlParseError } from './parse-sql';
export { RULE_IDS, isRuleId, type RuleId } from './rule-ids';
export { RULES } from './rules/registry';
export type { AcceptedFindings, Finding, LintContext, PlannedStatement, Rule } from './types';
