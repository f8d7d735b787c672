import type { Sequelize } from 'sequelize';
import type { RouteDefinition } from './http/documented-routes';
import { itemsResource } from './items/items.resource';
import type { Resource } from './resource';

/**
 * Every resource the service serves. `make resource NAME=<plural>` adds its import and entry;
 * `make resource-remove NAME=<plural>` takes them out (docs/forking.md).
 */
export const RESOURCES: readonly Resource[] = [itemsResource];

/** The routes of every resource over one connection, as buildApp registers them. */
export function resourceRoutes(sequelize: Sequelize): RouteDefinition[] {
  return RESOURCES.flatMap((resource) => resource.routes(sequelize));
}
