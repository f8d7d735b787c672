import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** An item as the API and the repository see it: plain data, camelCase. */
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

export class ItemModel extends Model<InferAttributes<ItemModel>, InferCreationAttributes<ItemModel>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare description: string | null;
  declare priceCents: number;
  declare quantity: CreationOptional<number>;
  // Filled by the database (trigger of migration 20251126000000); never part of the API.
  declare nameNormalized: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Mirrors migrations/*-items*; the schema drift test fails when the two disagree. */
export function initItemModel(sequelize: Sequelize): typeof ItemModel {
  ItemModel.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.STRING(2000), allowNull: true },
      priceCents: { type: DataTypes.INTEGER, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      // Nullable in the schema (a validated CHECK forbids NULL instead of NOT NULL, see the migrations).
      nameNormalized: { type: DataTypes.STRING(200), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'items', modelName: 'Item', underscored: true },
  );
  return ItemModel;
}
