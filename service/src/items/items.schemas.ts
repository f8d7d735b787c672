/**
 * The items resource's base path, and below, its OpenAPI components. swagger-jsdoc reads the
 * block into the document that validates requests, drives the contract tests and feeds Swagger UI.
 * (The block sits on a real export: tsc drops comments on an empty module, and the image
 * reads the compiled file.)
 *
 * @openapi
 * tags:
 *   - name: items
 *     description: The reference resource.
 * components:
 *   parameters:
 *     ItemId:
 *       name: id
 *       in: path
 *       required: true
 *       description: Server-assigned item id.
 *       schema: { type: integer, minimum: 1, maximum: 2147483647 }
 *     Offset:
 *       name: offset
 *       in: query
 *       description: >-
 *         Rows to skip, at most 1000 (skipped rows are still read, so deep offsets would get
 *         slower as the table grows; walk with `cursor` instead). Not combined with `cursor`.
 *       schema: { type: integer, minimum: 0, maximum: 1000, default: 0 }
 *   schemas:
 *     ItemFields:
 *       type: object
 *       properties:
 *         name:
 *           type: string
 *           minLength: 1
 *           maxLength: 200
 *           pattern: '^\s*[^\s\u0000\uD800-\uDFFF][^\u0000\uD800-\uDFFF]*$'
 *           x-pattern-message: must contain a visible character, and no U+0000 or unpaired surrogate
 *           example: Espresso cup
 *         description:
 *           type: [string, 'null']
 *           maxLength: 2000
 *           pattern: '^[^\u0000\uD800-\uDFFF]*$'
 *           x-pattern-message: must not contain U+0000 or an unpaired surrogate (Postgres cannot store them)
 *           example: 'Porcelain, 90 ml'
 *         priceCents: { type: integer, minimum: 0, maximum: 2147483647, example: 1250 }
 *         quantity:
 *           type: integer
 *           minimum: 0
 *           maximum: 2147483647
 *           example: 3
 *           description: Units in stock; 0 when a create or replace omits it. (No `default` keyword, which client generators turn into a required field.)
 *     ItemInput:
 *       description: A whole item as the client sets it (create and full replace).
 *       type: object
 *       allOf: [{ $ref: '#/components/schemas/ItemFields' }]
 *       required: [name, priceCents]
 *       unevaluatedProperties: false
 *     ItemPatch:
 *       description: Any non-empty subset of the item's fields.
 *       type: object
 *       allOf: [{ $ref: '#/components/schemas/ItemFields' }]
 *       minProperties: 1
 *       unevaluatedProperties: false
 *     Item:
 *       allOf: [{ $ref: '#/components/schemas/ItemFields' }]
 *       type: object
 *       required: [id, name, description, priceCents, quantity, createdAt, updatedAt]
 *       properties:
 *         id: { type: integer, minimum: 1, example: 42 }
 *         createdAt: { type: string, format: date-time }
 *         updatedAt: { type: string, format: date-time }
 *       unevaluatedProperties: false
 *     ItemList:
 *       type: object
 *       required: [data, page]
 *       additionalProperties: false
 *       properties:
 *         data: { type: array, items: { $ref: '#/components/schemas/Item' } }
 *         page:
 *           type: object
 *           required: [limit, next]
 *           additionalProperties: false
 *           properties:
 *             limit: { type: integer, minimum: 1, maximum: 100 }
 *             next:
 *               type: [string, 'null']
 *               description: Cursor of the next page (pass it as `cursor`), or null on the last page.
 */
export const ITEMS_BASE_PATH = '/api/v1/items';
