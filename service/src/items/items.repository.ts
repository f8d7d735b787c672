import { Op, type Sequelize } from 'sequelize';
import { type ItemModel, initItemModel } from './item.model';

export interface Item {
  id: number;
  name: string;
  description: string | null;
  priceCents: number;
  quantity: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ItemInput {
  name: string;
  description?: string | null;
  priceCents: number;
  quantity?: number;
}

export interface PageRequest {
  limit: number;
  /** Keyset position: only items with a greater id. */
  afterId?: number;
  /** Rows to skip; callers keep it small (the API caps it), since Postgres walks skipped rows. */
  offset?: number;
}

export interface ItemPage {
  items: Item[];
  /** Whether at least one more item follows the last one returned. */
  hasMore: boolean;
}

export interface ItemsRepository {
  list(page: PageRequest): Promise<ItemPage>;
  findById(id: number): Promise<Item | undefined>;
  create(input: ItemInput): Promise<Item>;
  update(id: number, changes: Partial<ItemInput>): Promise<Item | undefined>;
  remove(id: number): Promise<boolean>;
}

function toItem(model: ItemModel): Item {
  const { id, name, description, priceCents, quantity, createdAt, updatedAt } = model.get({ plain: true });
  return { id, name, description, priceCents, quantity, createdAt, updatedAt };
}

/** Plain objects out, so nothing above this file depends on Sequelize instances. */
export function createItemsRepository(sequelize: Sequelize): ItemsRepository {
  const Item = initItemModel(sequelize);
  return {
    // One index range scan on the primary key whatever the table size; no count(*), which
    // would read every row. One extra row tells whether a next page exists.
    async list({ limit, afterId, offset = 0 }) {
      const rows = await Item.findAll({
        where: afterId === undefined ? {} : { id: { [Op.gt]: afterId } },
        limit: limit + 1,
        offset,
        order: [['id', 'ASC']],
      });
      return { items: rows.slice(0, limit).map(toItem), hasMore: rows.length > limit };
    },
    async findById(id) {
      const found = await Item.findByPk(id);
      return found ? toItem(found) : undefined;
    },
    async create(input) {
      return toItem(await Item.create(input));
    },
    async update(id, changes) {
      const [count, rows] = await Item.update(changes, { where: { id }, returning: true });
      return count > 0 && rows[0] ? toItem(rows[0]) : undefined;
    },
    async remove(id) {
      return (await Item.destroy({ where: { id } })) > 0;
    },
  };
}
