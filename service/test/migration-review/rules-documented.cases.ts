import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_IDS, RULES } from '../../src/migration-review/lint';

const REVIEW_DOC = readFileSync(path.resolve(__dirname, '../../../docs/migration-review.md'), 'utf8');

describe('migration lint: rules and their documentation', () => {
  test('When the engine is built, then every rule id has exactly one rule', () => {
    const ids = RULES.map((rule) => rule.id);

    expect([...ids].sort()).toEqual([...RULE_IDS].sort());
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))(
    'When rule %s reports, then docs/migration-review.md gives the same why and safe alternative',
    (id, rule) => {
      const section = REVIEW_DOC.split(`#### \`${id}\``)[1]?.split('####')[0] ?? '';

      expect(section).toContain(`**Why:** ${rule.why}`);
      expect(section).toContain(`**Instead:** ${rule.safeAlternative}`);
    },
  );
});
