import type { Model, ModelStatic, Sequelize } from 'sequelize';
import type { RouteDefinition } from './http/documented-routes';

/**
 * One resource of the API as the service wires it: its models (which the schema drift test
 * compares with the migrated tables) and its routes over a connection. resources.ts lists them.
 */
export interface Resource {
  /** The plural in its URL and its folder, e.g. `items`. */
  readonly name: string;
  /** Initialises the resource's Sequelize models on this connection and returns them. */
  initModels(sequelize: Sequelize): ModelStatic<Model>[];
  /** The resource's documented routes, with its repository built on this connection. */
  routes(sequelize: Sequelize): RouteDefinition[];
}
