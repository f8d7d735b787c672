import { formatFindings, lintStatements, SqlParseError } from '../../src/migration-review/lint';
import { MIGRATION, lintSql } from '../support/lint-harness';

describe('migration lint: engine input and report formats', () => {
  test('When one planned string holds several statements, then each finding quotes only its own statement', async () => {
    const findings = await lintSql('ALTER TABLE lint_products ADD COLUMN note text;\n  DROP TABLE lint_products;  TRUNCATE lint_orders');

    expect(findings.map((finding) => [finding.ruleId, finding.statement])).toEqual([
      ['drop-table', 'DROP TABLE lint_products'],
      ['truncate', 'TRUNCATE lint_orders'],
    ]);
  });

  test('When the SQL does not parse, then lint rejects with the migration and the position', async () => {
    const lint = lintStatements(
      [{ migration: '20260101000000-typo.js', sql: 'ALTER TABLE lint_products DROPP COLUMN x', inTransaction: true }],
      {
        createdInThisPlan: new Set(),
        runnerTimeoutsEnabled: true,
        accepted: {},
      },
    );

    await expect(lint).rejects.toThrow(SqlParseError);
    await expect(lint).rejects.toThrow(/20260101000000-typo\.js: its SQL does not parse at character \d+: syntax error at or near "DROPP"/);
  });

  test('When asked for JSON, then every finding carries a GitHub annotation with file, rule id as title, and message', async () => {
    const findings = await lintSql('DROP TABLE lint_products; TRUNCATE lint_orders', {
      accepted: { [MIGRATION]: { truncate: 'cache table' } },
    });

    const report = JSON.parse(formatFindings(findings, { json: true, fileOf: (migration) => `migrations/${migration}` })) as {
      findings: { annotation: unknown }[];
    };

    expect(report).toMatchObject({ errors: 1, accepted: 1 });
    expect(report.findings.map((finding) => finding.annotation)).toEqual([
      {
        file: `migrations/${MIGRATION}`,
        title: 'drop-table',
        level: 'error',
        message: expect.stringMatching(/^DROP TABLE lint_products\n.+\nInstead: /),
      },
      { file: `migrations/${MIGRATION}`, title: 'truncate', level: 'notice', message: expect.stringMatching(/\nAccepted: cache table$/) },
    ]);
  });

  test('When formatted for people, then each finding shows the migration, rule, statement, why and what to do', async () => {
    const findings = await lintSql('ALTER TABLE lint_products ALTER COLUMN quantity TYPE bigint');

    const text = formatFindings(findings, { json: false });

    expect(text).toContain(`ERROR     ${MIGRATION}  change-column-type`);
    expect(text).toContain('sql:      ALTER TABLE lint_products ALTER COLUMN quantity TYPE bigint');
    expect(text).toMatch(/why: {6}Most type changes rewrite the table/);
    expect(text).toMatch(/instead: {2}Expand\/contract/);
    expect(text).toMatch(/1 finding\(s\): 1 error\(s\), 0 accepted\. .*export const accept = \{ 'rule-id'/);
  });

  test('When there are no findings, then the human report says so', () => {
    const text = formatFindings([], { json: false });

    expect(text).toBe('No findings: every planned statement passed the migration lint rules.');
  });
});
