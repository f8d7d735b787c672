import type { RouteDefinition } from '../http/documented-routes';
import { sendJson } from '../http/send-json';
import { decodeCursor, encodeCursor } from '../http/page-cursor';
import { DEFAULT_PAGE_LIMIT } from '../http/paging.schemas';
import { notFound, offsetWithCursor } from './items.errors';
import type { ItemsRepository } from './items.repository';
import { ITEMS_BASE_PATH as BASE } from './items.schemas';

/** Reading items: the keyset-paged list and one item. */
export function itemReadRoutes(items: ItemsRepository): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /api/v1/items:
     *   get:
     *     operationId: listItems
     *     tags: [items]
     *     summary: List items, oldest first, one page at a time.
     *     description: >-
     *       Pages are walked with the opaque `page.next` cursor (also sent as a `Link: <...>; rel="next"`
     *       header) until it is null. Each page costs the same however large the table is. `offset`
     *       skips at most 1000 rows, for small jumps only; there is no total count (it would read the
     *       whole table on every request).
     *     parameters:
     *       - { $ref: '#/components/parameters/Limit' }
     *       - { $ref: '#/components/parameters/Cursor' }
     *       - { $ref: '#/components/parameters/Offset' }
     *     responses:
     *       200:
     *         description: One page of items in id order.
     *         headers:
     *           Link:
     *             description: '`<url>; rel="next"` when another page follows (the same URL as `page.next` builds).'
     *             schema: { type: string }
     *         content: { application/json: { schema: { $ref: '#/components/schemas/ItemList' } } }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'get',
      path: BASE,
      handler: async (req, res) => {
        const { limit = DEFAULT_PAGE_LIMIT, offset, cursor } = req.input.query as { limit?: number; offset?: number; cursor?: string };
        if (cursor !== undefined && offset !== undefined) throw offsetWithCursor();
        const page = await items.list({ limit, offset, afterId: cursor === undefined ? undefined : decodeCursor(cursor) });
        const last = page.items.at(-1);
        const next = page.hasMore && last ? encodeCursor(last.id) : null;
        if (next) res.links({ next: `${BASE}?limit=${limit}&cursor=${next}` });
        sendJson(res, { data: page.items, page: { limit, next } });
      },
    },
    /**
     * @openapi
     * /api/v1/items/{id}:
     *   get:
     *     operationId: getItem
     *     tags: [items]
     *     summary: Read one item.
     *     description: >-
     *       The item with this id, or 404 when there is none.
     *     parameters: [{ $ref: '#/components/parameters/ItemId' }]
     *     responses:
     *       200:
     *         description: The item.
     *         content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }
     *       400: { $ref: '#/components/responses/BadRequest' }
     *       404: { $ref: '#/components/responses/NotFound' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }
     */
    {
      method: 'get',
      path: `${BASE}/{id}`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        const item = await items.findById(id);
        if (!item) throw notFound(id);
        sendJson(res, item);
      },
    },
  ];
}
