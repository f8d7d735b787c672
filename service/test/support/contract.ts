import type { Response } from 'supertest';
import { inlineComponentRefs, sharedAjv } from '../../src/http/request-validation';
import type { HttpMethod, OpenApiDocument, OpenApiOperation } from '../../src/http/openapi';

const ajv = sharedAjv();
const compiled = new Map<object, ReturnType<typeof ajv.compile>>();

function templateToRegExp(template: string): RegExp {
  const literalParts = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literalParts.join('[^/]+')}$`);
}

export function findOperation(doc: OpenApiDocument, method: HttpMethod, url: string): OpenApiOperation | undefined {
  const pathname = new URL(url, 'http://localhost').pathname;
  const template = Object.keys(doc.paths).find((candidate) => templateToRegExp(candidate).test(pathname));
  return template ? doc.paths[template]?.[method] : undefined;
}

function resolveResponse(doc: OpenApiDocument, spec: object | undefined): { content?: Record<string, { schema?: object }> } | undefined {
  const ref = (spec as { $ref?: string } | undefined)?.$ref;
  if (!ref) return spec;
  return doc.components?.responses?.[ref.split('/').pop() ?? ''];
}

/**
 * Throws unless the response is one the document promises for this operation: a documented
 * status, the documented media type, and a body that validates against the documented schema.
 */
export function assertMatchesContract(doc: OpenApiDocument, method: HttpMethod, url: string, res: Response): void {
  const where = `${method.toUpperCase()} ${url} -> ${res.status}`;
  const operation = findOperation(doc, method, url);
  if (!operation) throw new Error(`${where}: no documented operation matches this request`);
  const spec = resolveResponse(doc, operation.responses?.[String(res.status)] ?? operation.responses?.default);
  if (!spec) throw new Error(`${where}: status ${res.status} is not documented for this operation`);
  if (!spec.content) {
    if (res.text) throw new Error(`${where}: documented without a body, but the response has one`);
    return;
  }
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
  const schema = spec.content[mediaType]?.schema;
  if (!schema)
    throw new Error(`${where}: content type ${mediaType || '(none)'} is not documented (expected ${Object.keys(spec.content).join(', ')})`);
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(inlineComponentRefs(doc, schema));
    compiled.set(schema, validate);
  }
  const body: unknown = mediaType.endsWith('json') ? JSON.parse(res.text) : res.text;
  if (!validate(body)) throw new Error(`${where}: body breaks the documented schema: ${ajv.errorsText(validate.errors)}\n${res.text}`);
}
