import { AcceptMarkerError, hasErrors, readAcceptedFindings } from '../../src/migration-review/lint';
import { MIGRATION, lintSql, useLintDatabase } from '../support/lint-harness';

describe('migration lint: reviewed acceptance markers', () => {
  const db = useLintDatabase();

  test('When the migration accepts the rule with a reason, then the finding is accepted, not an error', async () => {
    const sql = 'ALTER TABLE lint_products DROP COLUMN description';
    const accept = readAcceptedFindings({ up: () => undefined, accept: { 'drop-column': 'column unused since v1.4' } }, MIGRATION);

    const findings = await lintSql(sql, { accepted: { [MIGRATION]: accept } });

    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'drop-column', severity: 'accepted', acceptedReason: 'column unused since v1.4' }),
    ]);
    expect(hasErrors(findings)).toBe(false);
    await db.runRolledBack(sql);
  });

  test('When the migration accepts a different rule, then the finding stays an error', async () => {
    const sql = 'ALTER TABLE lint_products DROP COLUMN description';

    const findings = await lintSql(sql, { accepted: { [MIGRATION]: { 'drop-table': 'table retired in v2' } } });

    expect(findings).toEqual([expect.objectContaining({ ruleId: 'drop-column', severity: 'error' })]);
    expect(findings[0]?.acceptedReason).toBeUndefined();
    expect(hasErrors(findings)).toBe(true);
  });

  test('When another migration accepts the rule, then this migration still has the error', async () => {
    const findings = await lintSql('DROP TABLE lint_orders', { accepted: { '20250101000000-other.js': { 'drop-table': 'retired' } } });

    expect(findings.map((finding) => finding.severity)).toEqual(['error']);
  });

  test('When a migration module has no accept export, then nothing is accepted', () => {
    const accepted = readAcceptedFindings({ up: () => undefined });

    expect(accepted).toEqual({});
  });

  test('When the accept export sits under default (compiled TypeScript), then it is read', () => {
    const accepted = readAcceptedFindings({ default: { accept: { truncate: ' cache table, refilled at start ' } } });

    expect(accepted).toEqual({ truncate: 'cache table, refilled at start' });
  });

  test('When accept names an unknown rule and gives an empty reason, then both problems are reported at once', () => {
    const module = { accept: { 'drop-colum': 'typo', 'drop-table': '  ' } };

    const read = () => readAcceptedFindings(module, '20260101000000-drop-sku.js');

    expect(read).toThrow(AcceptMarkerError);
    expect(read).toThrow(
      /20260101000000-drop-sku\.js: .*'drop-colum' is not a lint rule \(known: drop-table, .*'drop-table' needs a reason/,
    );
  });

  test('When accept is not an object, then the error shows the expected shape', () => {
    const read = () => readAcceptedFindings({ accept: ['drop-column'] }, 'm.js');

    expect(read).toThrow(/m\.js: invalid `export const accept`: it must be an object such as export const accept = \{ 'drop-column'/);
  });
});
