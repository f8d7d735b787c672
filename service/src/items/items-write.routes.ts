import type { RouteDefinition } from '../http/documented-routes';
import { sendJson } from '../http/send-json';
import { notFound } from './items.errors';
import type { ItemInput } from './item.model';
import type { ItemsRepository } from './items.repository';
import { ITEMS_BASE_PATH as BASE } from './items.schemas';

/** Changing items: create, replace, patch, delete. */
export function itemWriteRoutes(items: ItemsRepository): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /api/v1/items:
     *   post:
     *     operationId: createItem
     *     tags: [items]
     *     summary: Create an item.
     *     description: >-
     *       Validates the body against ItemInput; `quantity` is 0 and `description` null when omitted. Answers 201 with the stored item and its `Location`.
     *     requestBody:
     *       required: true
     *       content: { application/json: { schema: { $ref: '#/components/schemas/ItemInput' } } }
     *     responses:
     *       201:
     *         description: Created; `Location` points at the new item.
     *         headers: { Location: { schema: { type: string } } }
     *         content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       409: { $ref: '#/components/responses/Conflict' }
     *       413: { $ref: '#/components/responses/PayloadTooLarge' }
     *       415: { $ref: '#/components/responses/UnsupportedMediaType' }
     *       422: { $ref: '#/components/responses/Unprocessable' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'post',
      path: BASE,
      handler: async (req, res) => {
        const created = await items.create(req.input.body as ItemInput);
        sendJson(res.location(`${BASE}/${created.id}`), created, 201);
      },
    },
    /**
     * @openapi
     * /api/v1/items/{id}:
     *   put:
     *     operationId: replaceItem
     *     tags: [items]
     *     summary: Replace an item; omitted optional fields return to their defaults.
     *     description: >-
     *       Sets every client-owned field: `quantity` returns to 0 and `description` to null when omitted. `id` and `createdAt` are kept.
     *     parameters: [{ $ref: '#/components/parameters/ItemId' }]
     *     requestBody:
     *       required: true
     *       content: { application/json: { schema: { $ref: '#/components/schemas/ItemInput' } } }
     *     responses:
     *       200:
     *         description: The replaced item.
     *         content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       404: { $ref: '#/components/responses/NotFound' }
     *       409: { $ref: '#/components/responses/Conflict' }
     *       413: { $ref: '#/components/responses/PayloadTooLarge' }
     *       415: { $ref: '#/components/responses/UnsupportedMediaType' }
     *       422: { $ref: '#/components/responses/Unprocessable' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'put',
      path: `${BASE}/{id}`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        const { name, priceCents, description = null, quantity = 0 } = req.input.body as ItemInput;
        const replaced = await items.update(id, { name, priceCents, description, quantity });
        if (!replaced) throw notFound(id);
        sendJson(res, replaced);
      },
    },
    /**
     * @openapi
     * /api/v1/items/{id}:
     *   patch:
     *     operationId: updateItem
     *     tags: [items]
     *     summary: Change some fields of an item.
     *     description: >-
     *       Sets only the fields given (at least one); the others keep their values.
     *     parameters: [{ $ref: '#/components/parameters/ItemId' }]
     *     requestBody:
     *       required: true
     *       content: { application/json: { schema: { $ref: '#/components/schemas/ItemPatch' } } }
     *     responses:
     *       200:
     *         description: The updated item.
     *         content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       404: { $ref: '#/components/responses/NotFound' }
     *       409: { $ref: '#/components/responses/Conflict' }
     *       413: { $ref: '#/components/responses/PayloadTooLarge' }
     *       415: { $ref: '#/components/responses/UnsupportedMediaType' }
     *       422: { $ref: '#/components/responses/Unprocessable' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'patch',
      path: `${BASE}/{id}`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        const updated = await items.update(id, req.input.body as Partial<ItemInput>);
        if (!updated) throw notFound(id);
        sendJson(res, updated);
      },
    },
    /**
     * @openapi
     * /api/v1/items/{id}:
     *   delete:
     *     operationId: deleteItem
     *     tags: [items]
     *     summary: Delete an item.
     *     description: >-
     *       Removes the item for good; 404 when it does not exist (also on a second delete).
     *     parameters: [{ $ref: '#/components/parameters/ItemId' }]
     *     responses:
     *       204: { description: Deleted. }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       404: { $ref: '#/components/responses/NotFound' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'delete',
      path: `${BASE}/{id}`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        if (!(await items.remove(id))) throw notFound(id);
        res.status(204).end();
      },
    },
  ];
}
