import type { Model, ModelStatic } from 'sequelize';
import type { ColumnInfo } from './schema-snapshot';

// Sequelize's DDL spelling on the left, Postgres' format_type() on the right.
const TYPE_SYNONYMS: [RegExp, string][] = [
  [/^varchar\b/, 'character varying'],
  [/^decimal\b/, 'numeric'],
  [/^(double|float)$/, 'double precision'],
];

function normaliseType(sql: string): string {
  let type = sql.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of TYPE_SYNONYMS) type = type.replace(pattern, replacement);
  return type;
}

// Postgres prints simple defaults as 0, true or 'draft'::character varying.
function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  return expression.replace(/::[\w\s]+(\(\d+(,\d+)?\))?$/, '').replace(/^'(.*)'$/, '$1');
}

function expectedDefault(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined; // computed by Sequelize in JavaScript (NOW, UUIDV4): the database need not have one
}

type Attribute = ReturnType<ModelStatic<Model>['getAttributes']>[string];

function compareAttribute(where: string, attribute: Attribute, column: ColumnInfo, alwaysSet: boolean): string[] {
  const differences: string[] = [];
  const type = normaliseType((attribute.type as { toSql(): string }).toSql());
  if (type !== column.type) differences.push(`${where}: model type ${type}, schema type ${column.type}`);
  const nullable = attribute.allowNull !== false && !attribute.primaryKey && !alwaysSet;
  if (nullable !== column.nullable) {
    differences.push(`${where}: model ${nullable ? 'allows' : 'forbids'} NULL, schema ${column.nullable ? 'allows' : 'forbids'} it`);
  }
  const wanted = attribute.autoIncrement ? 'nextval' : expectedDefault(attribute.defaultValue);
  const actual = normaliseDefault(column.default);
  if (wanted === 'nextval' ? !actual?.startsWith('nextval(') : wanted !== undefined && wanted !== actual) {
    differences.push(`${where}: model default ${wanted ?? 'none'}, schema default ${actual ?? 'none'}`);
  }
  return differences;
}

/**
 * Differences between what the models declare and the migrated schema: missing columns, other
 * types, nullability or defaults, and NOT NULL columns without default the model cannot fill.
 */
export function compareModelsWithSchema(models: ModelStatic<Model>[], columns: readonly ColumnInfo[]): string[] {
  const differences: string[] = [];
  for (const model of models) {
    const table = model.getTableName() as string;
    const inDb = new Map(columns.filter((column) => column.table === table).map((column) => [column.column, column]));
    if (inDb.size === 0) differences.push(`${table}: no such table in the migrated schema`);
    // Sequelize always writes createdAt and updatedAt, so NOT NULL columns are right for them.
    const { createdAt, updatedAt } = (model as unknown as { _timestampAttributes: Record<string, string> })._timestampAttributes;
    const known = new Set<string>();
    for (const [name, attribute] of Object.entries(model.getAttributes())) {
      const field = attribute.field ?? name;
      known.add(field);
      const column = inDb.get(field);
      const where = `${table}.${field} (${model.name}.${name})`;
      if (column) differences.push(...compareAttribute(where, attribute, column, name === createdAt || name === updatedAt));
      else if (inDb.size > 0) differences.push(`${where}: declared by the model, missing in the schema`);
    }
    for (const column of inDb.values()) {
      if (!known.has(column.column) && !column.nullable && column.default === null) {
        differences.push(`${table}.${column.column}: NOT NULL without default in the schema, unknown to the model (inserts would fail)`);
      }
    }
  }
  return differences;
}
