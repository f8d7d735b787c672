import type { Resource } from '../resource';
import { initItemModel } from './item.model';
import { createItemsRepository } from './items.repository';
import { itemsRoutes } from './items.routes';

/** The reference resource, as resources.ts registers it. */
export const itemsResource: Resource = {
  name: 'items',
  initModels: (sequelize) => [initItemModel(sequelize)],
  routes: (sequelize) => itemsRoutes(createItemsRepository(sequelize)),
};
