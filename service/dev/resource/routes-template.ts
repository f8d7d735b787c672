import type { ResourceNames } from './names';

// The error responses every route documents; the shared components live in http/problem.schemas.ts.
const READ_ERRORS = `     *       400: { $ref: '#/components/responses/BadRequest' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }`;
const BODY_ERRORS = `     *       400: { $ref: '#/components/responses/BadRequest' }
     *       409: { $ref: '#/components/responses/Conflict' }
     *       413: { $ref: '#/components/responses/PayloadTooLarge' }
     *       415: { $ref: '#/components/responses/UnsupportedMediaType' }
     *       422: { $ref: '#/components/responses/Unprocessable' }
     *       500: { $ref: '#/components/responses/ServerError' }
     *       503: { $ref: '#/components/responses/ServiceUnavailable' }`;
const NOT_FOUND = `     *       404: { $ref: '#/components/responses/NotFound' }`;

/** 404 with the resource's own words. */
export function errorsFile(n: ResourceNames): string {
  return `import { AppError } from '../http/app-error';

export function notFound(id: number): AppError {
  return AppError.notFound(\`${n.singularPascal} \${id} does not exist.\`);
}
`;
}

/** The keyset-paged list and one entry, each under its @openapi block. */
export function readRoutesFile(n: ResourceNames): string {
  const { singularPascal: S, pluralPascal: P } = n;
  return `import type { RouteDefinition } from '../http/documented-routes';
import { decodeCursor, encodeCursor } from '../http/page-cursor';
import { DEFAULT_PAGE_LIMIT } from '../http/paging.schemas';
import { sendJson } from '../http/send-json';
import { notFound } from './${n.plural}.errors';
import type { ${P}Repository } from './${n.plural}.repository';
import { BASE_PATH as BASE } from './${n.plural}.schemas';

/** Reading ${n.plural}: the keyset-paged list and one ${n.singularWords}. */
export function ${n.pluralCamel}ReadRoutes(${n.pluralCamel}: ${P}Repository): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /api/v1/${n.plural}:
     *   get:
     *     operationId: list${P}
     *     tags: [${n.plural}]
     *     summary: List ${n.plural}, oldest first, one page at a time.
     *     description: >-
     *       Pages are walked with the opaque \`page.next\` cursor (also sent as a \`Link\` header) until it is null.
     *     parameters:
     *       - { $ref: '#/components/parameters/Limit' }
     *       - { $ref: '#/components/parameters/Cursor' }
     *     responses:
     *       200:
     *         description: One page of ${n.plural} in id order.
     *         headers:
     *           Link:
     *             description: '\`<url>; rel="next"\` when another page follows.'
     *             schema: { type: string }
     *         content: { application/json: { schema: { $ref: '#/components/schemas/${S}List' } } }
${READ_ERRORS}
     */
    {
      method: 'get',
      path: BASE,
      handler: async (req, res) => {
        const { limit = DEFAULT_PAGE_LIMIT, cursor } = req.input.query as { limit?: number; cursor?: string };
        const page = await ${n.pluralCamel}.list({ limit, afterId: cursor === undefined ? undefined : decodeCursor(cursor) });
        const last = page.entries.at(-1);
        const next = page.hasMore && last ? encodeCursor(last.id) : null;
        if (next) res.links({ next: \`\${BASE}?limit=\${limit}&cursor=\${next}\` });
        sendJson(res, { data: page.entries, page: { limit, next } });
      },
    },
    /**
     * @openapi
     * /api/v1/${n.plural}/{id}:
     *   get:
     *     operationId: get${S}
     *     tags: [${n.plural}]
     *     summary: Read one ${n.singularWords}.
     *     description: >-
     *       The ${n.singularWords} with this id, or 404 when there is none.
     *     parameters: [{ $ref: '#/components/parameters/${S}Id' }]
     *     responses:
     *       200:
     *         description: The ${n.singularWords}.
     *         content: { application/json: { schema: { $ref: '#/components/schemas/${S}' } } }
${READ_ERRORS}
${NOT_FOUND}
     */
    {
      method: 'get',
      path: \`\${BASE}/{id}\`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        const found = await ${n.pluralCamel}.findById(id);
        if (!found) throw notFound(id);
        sendJson(res, found);
      },
    },
  ];
}
`;
}

/** Create, change and delete, each under its @openapi block. */
export function writeRoutesFile(n: ResourceNames): string {
  const { singularPascal: S, pluralPascal: P } = n;
  return `import type { RouteDefinition } from '../http/documented-routes';
import { sendJson } from '../http/send-json';
import type { ${S}Input } from './${n.singular}.model';
import { notFound } from './${n.plural}.errors';
import type { ${P}Repository } from './${n.plural}.repository';
import { BASE_PATH as BASE } from './${n.plural}.schemas';

/** Changing ${n.plural}: create, patch, delete. */
export function ${n.pluralCamel}WriteRoutes(${n.pluralCamel}: ${P}Repository): RouteDefinition[] {
  return [
    /**
     * @openapi
     * /api/v1/${n.plural}:
     *   post:
     *     operationId: create${S}
     *     tags: [${n.plural}]
     *     summary: Create a ${n.singularWords}.
     *     description: >-
     *       Validates the body against ${S}Input. Answers 201 with the stored ${n.singularWords} and its \`Location\`.
     *     requestBody:
     *       required: true
     *       content: { application/json: { schema: { $ref: '#/components/schemas/${S}Input' } } }
     *     responses:
     *       201:
     *         description: Created; \`Location\` points at the new ${n.singularWords}.
     *         headers: { Location: { schema: { type: string } } }
     *         content: { application/json: { schema: { $ref: '#/components/schemas/${S}' } } }
${BODY_ERRORS}
     */
    {
      method: 'post',
      path: BASE,
      handler: async (req, res) => {
        const created = await ${n.pluralCamel}.create(req.input.body as ${S}Input);
        sendJson(res.location(\`\${BASE}/\${created.id}\`), created, 201);
      },
    },
    /**
     * @openapi
     * /api/v1/${n.plural}/{id}:
     *   patch:
     *     operationId: update${S}
     *     tags: [${n.plural}]
     *     summary: Change some fields of a ${n.singularWords}.
     *     description: >-
     *       Sets only the fields given (at least one); the others keep their values.
     *     parameters: [{ $ref: '#/components/parameters/${S}Id' }]
     *     requestBody:
     *       required: true
     *       content: { application/json: { schema: { $ref: '#/components/schemas/${S}Patch' } } }
     *     responses:
     *       200:
     *         description: The updated ${n.singularWords}.
     *         content: { application/json: { schema: { $ref: '#/components/schemas/${S}' } } }
${BODY_ERRORS}
${NOT_FOUND}
     */
    {
      method: 'patch',
      path: \`\${BASE}/{id}\`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        const updated = await ${n.pluralCamel}.update(id, req.input.body as Partial<${S}Input>);
        if (!updated) throw notFound(id);
        sendJson(res, updated);
      },
    },
    /**
     * @openapi
     * /api/v1/${n.plural}/{id}:
     *   delete:
     *     operationId: delete${S}
     *     tags: [${n.plural}]
     *     summary: Delete a ${n.singularWords}.
     *     description: >-
     *       Removes the ${n.singularWords} for good; 404 when there is none (also on a second delete).
     *     parameters: [{ $ref: '#/components/parameters/${S}Id' }]
     *     responses:
     *       204: { description: Deleted. }
${READ_ERRORS}
${NOT_FOUND}
     */
    {
      method: 'delete',
      path: \`\${BASE}/{id}\`,
      handler: async (req, res) => {
        const { id } = req.input.params as { id: number };
        if (!(await ${n.pluralCamel}.remove(id))) throw notFound(id);
        res.status(204).end();
      },
    },
  ];
}
`;
}
