/**
 * Paging shared by every resource's list: how many per page, and the opaque keyset cursor of
 * page-cursor.ts. Below, their OpenAPI components; a list route refers to them by $ref.
 *
 * @openapi
 * components:
 *   parameters:
 *     Limit:
 *       name: limit
 *       in: query
 *       description: Entries per page.
 *       schema: { type: integer, minimum: 1, maximum: 100, default: 20 }
 *     Cursor:
 *       name: cursor
 *       in: query
 *       description: The `page.next` value of the previous page, as given; opaque to clients.
 *       schema: { type: string, minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }
 */
export const DEFAULT_PAGE_LIMIT = 20;
