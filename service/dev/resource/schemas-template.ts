import type { ResourceNames } from './names';

/** The resource's tag, path parameter and schemas, as an @openapi block swagger-jsdoc reads. */
export function schemasFile(n: ResourceNames): string {
  const { singularPascal: S } = n;
  return `/**
 * The ${n.plural} resource's base path, and below, its OpenAPI components. swagger-jsdoc reads the
 * block into the document that validates requests, drives the contract tests and feeds Swagger UI.
 * Paging parameters (Limit, Cursor) and error responses are shared: http/*.schemas.ts.
 *
 * @openapi
 * tags:
 *   - name: ${n.plural}
 *     description: ${S} resource.
 * components:
 *   parameters:
 *     ${S}Id:
 *       name: id
 *       in: path
 *       required: true
 *       description: Server-assigned ${n.singularWords} id.
 *       schema: { type: integer, minimum: 1, maximum: 2147483647 }
 *   schemas:
 *     ${S}Fields:
 *       type: object
 *       properties:
 *         name:
 *           type: string
 *           minLength: 1
 *           maxLength: 200
 *           pattern: '^\\s*[^\\s\\u0000\\uD800-\\uDFFF][^\\u0000\\uD800-\\uDFFF]*$'
 *           x-pattern-message: must contain a visible character, and no U+0000 or unpaired surrogate
 *           example: First ${n.singularWords}
 *     ${S}Input:
 *       description: A ${n.singularWords} as the client sets it.
 *       type: object
 *       allOf: [{ $ref: '#/components/schemas/${S}Fields' }]
 *       required: [name]
 *       unevaluatedProperties: false
 *     ${S}Patch:
 *       description: Any non-empty subset of the ${n.singularWords}'s fields.
 *       type: object
 *       allOf: [{ $ref: '#/components/schemas/${S}Fields' }]
 *       minProperties: 1
 *       unevaluatedProperties: false
 *     ${S}:
 *       allOf: [{ $ref: '#/components/schemas/${S}Fields' }]
 *       type: object
 *       required: [id, name, createdAt, updatedAt]
 *       properties:
 *         id: { type: integer, minimum: 1, example: 42 }
 *         createdAt: { type: string, format: date-time }
 *         updatedAt: { type: string, format: date-time }
 *       unevaluatedProperties: false
 *     ${S}List:
 *       type: object
 *       required: [data, page]
 *       additionalProperties: false
 *       properties:
 *         data: { type: array, items: { $ref: '#/components/schemas/${S}' } }
 *         page:
 *           type: object
 *           required: [limit, next]
 *           additionalProperties: false
 *           properties:
 *             limit: { type: integer, minimum: 1, maximum: 100 }
 *             next:
 *               type: [string, 'null']
 *               description: Cursor of the next page (pass it as \`cursor\`), or null on the last page.
 */
export const BASE_PATH = '/api/v1/${n.plural}';
`;
}
