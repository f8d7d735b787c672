import type { ModelStatic, Sequelize } from 'sequelize';
import type { ItemModel } from './item.model';
import type { Item, ItemInput } from './item.model';
import type { NamedQuery } from '../db/prepared-query';

/** A write statement built once by Sequelize's query generator, and the attributes its $n stand for. */
export interface WriteStatement extends NamedQuery {
  readonly attributes: readonly string[];
}

interface QueryGenerator {
  insertQuery(table: unknown, values: object, attributes: object, options: object): { query: string };
  updateQuery(table: unknown, values: object, where: object, options: object, attributes: object): { query: string };
}

// Sample values only decide each placeholder's position; the text is the same for any value.
const SAMPLE: Record<string, unknown> = {
  name: 'x',
  description: 'x',
  priceCents: 0,
  quantity: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

// Everything Model.create / Model.update could run besides sending the statement.
const WRITE_HOOKS = ['beforeValidate', 'afterValidate', 'validationFailed', 'beforeCreate', 'afterCreate', 'beforeUpdate', 'afterUpdate'];
const BULK_HOOKS = ['beforeSave', 'afterSave', 'beforeBulkUpdate', 'afterBulkUpdate'];

/**
 * The INSERT and UPDATE statements Sequelize itself sends for Item.create and Item.update(...,
 * { returning: true }), generated once through its query generator and then run as named
 * prepared statements. They are used only while the model has nothing else for those calls to
 * do: no hooks, no custom validators, no version or paranoid columns. Its only validation today
 * is allowNull, which the OpenAPI request schema (ItemInput, ItemPatch) already enforces on
 * every route that reaches the repository, so Sequelize's per-call instance building and
 * validation repeated work. A fork that adds a hook or a validator gets the model path back.
 */
export function createWriteStatements(sequelize: Sequelize, Item: ModelStatic<ItemModel>) {
  const generator = sequelize.getQueryInterface().queryGenerator as QueryGenerator;
  const attributes = Item.getAttributes() as Record<string, { field?: string; validate?: object }>;
  const table = Item.getTableName();
  const fieldsOf = (names: readonly string[]) => Object.fromEntries(names.map((name) => [attributes[name]?.field ?? name, SAMPLE[name]]));

  const insertAttributes = ['name', 'description', 'priceCents', 'quantity', 'createdAt', 'updatedAt'];
  const insert: WriteStatement = {
    name: 'items_insert',
    text: generator.insertQuery(table, { id: null, ...fieldsOf(insertAttributes) }, attributes, { returning: true }).query,
    attributes: insertAttributes,
  };
  const updates = new Map<string, WriteStatement>();
  /** One statement per set of changed fields (at most 15), built on first use. */
  function update(changed: readonly string[]): WriteStatement {
    const key = changed.join(',');
    let statement = updates.get(key);
    if (!statement) {
      const names = [...changed, 'updatedAt'];
      const { query } = generator.updateQuery(table, fieldsOf(names), { id: 1 }, { returning: true }, attributes);
      statement = { name: `items_update_${changed.join('_')}`, text: query, attributes: [...names, 'id'] };
      updates.set(key, statement);
    }
    return statement;
  }

  const options = Item.options as { validate?: object; version?: unknown; paranoid?: unknown };
  const hasValidators =
    Object.keys(options.validate ?? {}).length > 0 || Object.values(attributes).some((a) => Object.keys(a.validate ?? {}).length > 0);
  const modelIsPlain = !hasValidators && !options.version && !options.paranoid;
  const hooked = (types: readonly string[]) => types.some((type) => Item.hasHook(type as never) || sequelize.hasHook(type as never));
  /** Read per call, so a hook added after start still sends writes through the model. */
  const usable = (): boolean => modelIsPlain && !hooked(WRITE_HOOKS) && !hooked(BULK_HOOKS);

  return { insert, update, usable };
}

/** The changed attributes in the model's order, so one set of fields always maps to one statement. */
export function changedAttributes(changes: Partial<ItemInput>): string[] {
  return (['name', 'description', 'priceCents', 'quantity'] as const).filter((name) => changes[name] !== undefined);
}

export function bindValues(statement: WriteStatement, values: Record<string, unknown>): unknown[] {
  return statement.attributes.map((name) => values[name]);
}

export interface ItemRow {
  id: number;
  name: string;
  description: string | null;
  price_cents: number;
  quantity: number;
  created_at: Date;
  updated_at: Date;
}

/** A RETURNING row (column names) in the API's shape, in the order of the Item schema. */
export function rowToItem(row: ItemRow): Item {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    quantity: row.quantity,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
