/**
 * The media type of every error body, and below, the shared OpenAPI components: the
 * problem+json body (RFC 9457) and the error responses every route can give.
 *
 * @openapi
 * components:
 *   schemas:
 *     Problem:
 *       type: object
 *       required: [type, title, status, detail, instance, requestId]
 *       additionalProperties: false
 *       properties:
 *         type: { type: string, example: about:blank }
 *         title: { type: string, example: Bad Request }
 *         status: { type: integer, minimum: 400, maximum: 599 }
 *         detail: { type: string, example: 'Invalid request body: priceCents must be >= 0.' }
 *         instance: { type: string, example: /api/v1/items }
 *         requestId: { type: string }
 *         errors:
 *           type: array
 *           items:
 *             type: object
 *             required: [in, field, message]
 *             additionalProperties: false
 *             properties:
 *               in: { type: string, enum: [body, path, query, header] }
 *               field: { type: string, example: priceCents }
 *               message: { type: string, example: must be >= 0 }
 *   responses:
 *     BadRequest:
 *       description: The request is malformed or breaks the schema; `errors` names each field.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     NotFound:
 *       description: No such resource.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     Conflict:
 *       description: The change conflicts with existing data (a unique value already taken).
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     PayloadTooLarge:
 *       description: The body is larger than the configured limit.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     UnsupportedMediaType:
 *       description: The body is not application/json.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     Unprocessable:
 *       description: The request refers to data that does not exist or breaks a data rule.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     ServerError:
 *       description: An unexpected failure; details are in the log under the request id.
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 *     ServiceUnavailable:
 *       description: The database is unreachable or every pool connection stayed busy for the acquire timeout; retry after `Retry-After` seconds.
 *       headers: { Retry-After: { schema: { type: integer, minimum: 1 } } }
 *       content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
 */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
