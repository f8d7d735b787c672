import type { RouteDefinition } from '../http/documented-routes';
import { itemReadRoutes } from './items-read.routes';
import { itemWriteRoutes } from './items-write.routes';
import type { ItemsRepository } from './items.repository';

/** The items resource: thin handlers over the repository; input is already validated. */
export function itemsRoutes(items: ItemsRepository): RouteDefinition[] {
  return [...itemReadRoutes(items), ...itemWriteRoutes(items)];
}
