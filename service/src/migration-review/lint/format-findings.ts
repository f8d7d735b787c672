import type { Finding } from './types';

export interface FormatOptions {
  readonly json: boolean;
  /** The repository path of a migration, for annotations; defaults to the migration name itself. */
  readonly fileOf?: (migration: string) => string;
}

/** Shaped for GitHub check annotations (`::error file=…,title=…::message`) or any CI that reads JSON. */
export interface FindingAnnotation {
  readonly file: string;
  readonly title: string;
  readonly message: string;
  readonly level: 'error' | 'notice';
}

const MAX_STATEMENT = 200;

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_STATEMENT ? `${flat.slice(0, MAX_STATEMENT - 1)}…` : flat;
}

function annotationOf(finding: Finding, fileOf: (migration: string) => string): FindingAnnotation {
  const verdict = finding.acceptedReason ? `Accepted: ${finding.acceptedReason}` : `Instead: ${finding.safeAlternative}`;
  return {
    file: fileOf(finding.migration),
    title: finding.ruleId,
    message: `${oneLine(finding.statement)}\n${finding.why}\n${verdict}`,
    level: finding.severity === 'error' ? 'error' : 'notice',
  };
}

function humanBlock(finding: Finding): string {
  const head = `${finding.severity === 'error' ? 'ERROR   ' : 'accepted'}  ${finding.migration}  ${finding.ruleId}`;
  const verdict = finding.acceptedReason ? `  reason:   ${finding.acceptedReason}` : `  instead:  ${finding.safeAlternative}`;
  return [head, `  sql:      ${oneLine(finding.statement)}`, `  why:      ${finding.why}`, verdict].join('\n');
}

function summary(errors: number, accepted: number): string {
  if (errors + accepted === 0) return 'No findings: every planned statement passed the migration lint rules.';
  const counts = `${errors + accepted} finding(s): ${errors} error(s), ${accepted} accepted.`;
  if (errors === 0) return counts;
  return (
    `${counts} Apply the safe alternative, or, after review, accept a finding in its migration: ` +
    "export const accept = { 'rule-id': 'why it is safe here' }"
  );
}

/** Human text (one block per finding and a summary) or a JSON document for CI. */
export function formatFindings(findings: readonly Finding[], options: FormatOptions): string {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const accepted = findings.length - errors;
  if (options.json) {
    const fileOf = options.fileOf ?? ((migration: string) => migration);
    const withAnnotations = findings.map((finding) => ({ ...finding, annotation: annotationOf(finding, fileOf) }));
    return JSON.stringify({ errors, accepted, findings: withAnnotations }, null, 2);
  }
  return [...findings.map(humanBlock), summary(errors, accepted)].join('\n\n');
}
