import type { ResourceNames } from './names';

/** The Sequelize model and the plain types the API and the repository share. */
export function modelFile(n: ResourceNames): string {
  const { singularPascal: S } = n;
  return `import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A ${n.singularWords} as the API and the repository see it: plain data, camelCase. */
export interface ${S} {
  id: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a client sets: create and patch. */
export interface ${S}Input {
  name: string;
}

export class ${S}Model extends Model<InferAttributes<${S}Model>, InferCreationAttributes<${S}Model>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Mirrors migrations/*-create-${n.plural}; the schema drift test fails when the two disagree. */
export function init${S}Model(sequelize: Sequelize): typeof ${S}Model {
  ${S}Model.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: '${n.table}', modelName: '${S}', underscored: true },
  );
  return ${S}Model;
}
`;
}

/** Plain objects out, so nothing above the repository depends on Sequelize instances. */
export function repositoryFile(n: ResourceNames): string {
  const { singularPascal: S, pluralPascal: P } = n;
  return `import { Op, type Sequelize } from 'sequelize';
import { type ${S}, type ${S}Input, init${S}Model } from './${n.singular}.model';

export interface ${S}Page {
  entries: ${S}[];
  /** Whether at least one more ${n.singularWords} follows the last one returned. */
  hasMore: boolean;
}

export interface ${P}Repository {
  /** Keyset page: ${n.plural} with an id above afterId (0 for the first page), in id order. */
  list(page: { limit: number; afterId?: number }): Promise<${S}Page>;
  findById(id: number): Promise<${S} | undefined>;
  create(input: ${S}Input): Promise<${S}>;
  update(id: number, changes: Partial<${S}Input>): Promise<${S} | undefined>;
  remove(id: number): Promise<boolean>;
}

// Reads name their columns and skip model instances (raw), which costs a fraction of hydrating them.
const ATTRIBUTES = ['id', 'name', 'createdAt', 'updatedAt'];

export function create${P}Repository(sequelize: Sequelize): ${P}Repository {
  const ${S} = init${S}Model(sequelize);
  return {
    async list({ limit, afterId = 0 }) {
      // One row more than asked says whether a next page exists, without a count(*) of the table.
      const rows = await ${S}.findAll({
        where: { id: { [Op.gt]: afterId } },
        order: [['id', 'ASC']],
        limit: limit + 1,
        attributes: ATTRIBUTES,
        raw: true,
      });
      return { entries: rows.slice(0, limit), hasMore: rows.length > limit };
    },
    async findById(id) {
      return (await ${S}.findByPk(id, { attributes: ATTRIBUTES, raw: true })) ?? undefined;
    },
    async create(input) {
      const { id, name, createdAt, updatedAt } = (await ${S}.create(input)).get({ plain: true });
      return { id, name, createdAt, updatedAt };
    },
    async update(id, changes) {
      const [count, rows] = await ${S}.update(changes, { where: { id }, returning: true });
      if (count === 0 || !rows[0]) return undefined;
      const { name, createdAt, updatedAt } = rows[0].get({ plain: true });
      return { id, name, createdAt, updatedAt };
    },
    async remove(id) {
      return (await ${S}.destroy({ where: { id } })) > 0;
    },
  };
}
`;
}

/** How resources.ts wires the resource: its models for the drift check, its routes for the app. */
export function resourceFile(n: ResourceNames): string {
  const { singularPascal: S, pluralPascal: P } = n;
  return `import type { Resource } from '../resource';
import { init${S}Model } from './${n.singular}.model';
import { create${P}Repository } from './${n.plural}.repository';
import { ${n.pluralCamel}ReadRoutes } from './${n.plural}-read.routes';
import { ${n.pluralCamel}WriteRoutes } from './${n.plural}-write.routes';

/** The ${n.plural} resource, as resources.ts registers it. */
export const ${n.pluralCamel}Resource: Resource = {
  name: '${n.plural}',
  initModels: (sequelize) => [init${S}Model(sequelize)],
  routes: (sequelize) => {
    const repository = create${P}Repository(sequelize);
    return [...${n.pluralCamel}ReadRoutes(repository), ...${n.pluralCamel}WriteRoutes(repository)];
  },
};
`;
}
