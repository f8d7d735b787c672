import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RequestHandler } from 'express';
import { AppError, type FieldError } from './app-error';
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter } from './openapi';

export interface ValidatedInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Path, query and body after validation and type coercion against the OpenAPI document. */
    input: ValidatedInput;
  }
}

type Location = FieldError['in'];

/** Component refs are rewritten to local $defs so each compiled schema is self-contained. */
export function inlineComponentRefs(doc: OpenApiDocument, schema: object): object {
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/')) as object;
  const defs = JSON.parse(JSON.stringify(doc.components?.schemas ?? {}).replaceAll('"#/components/schemas/', '"#/$defs/')) as object;
  return { ...rewritten, $defs: defs };
}

export function createAjv(options: { coerceTypes: boolean }): Ajv2020 {
  // strict is off because OpenAPI schemas carry documentation keywords (example) Ajv does not know.
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: options.coerceTypes });
  addFormats(ajv);
  return ajv;
}

export function toFieldErrors(location: Location, errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((error) => {
    const base = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const join = (name: string) => (base ? `${base}.${name}` : name);
    if (error.keyword === 'required') {
      return { in: location, field: join(String(error.params.missingProperty)), message: 'is required' };
    }
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
      const unknown = params.additionalProperty ?? params.unevaluatedProperty;
      return { in: location, field: join(String(unknown)), message: 'is not a known field' };
    }
    return { in: location, field: base || location, message: error.message ?? 'is invalid' };
  });
}

function parameterSchema(doc: OpenApiDocument, operation: OpenApiOperation, location: 'path' | 'query'): object {
  const parameters = (operation.parameters ?? [])
    .map((parameter) => ('$ref' in parameter ? doc.components?.parameters?.[parameter.$ref.split('/').pop() ?? ''] : parameter))
    .filter((parameter): parameter is OpenApiParameter => parameter?.in === location);
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    additionalProperties: location === 'path',
  };
}

function check(validate: ValidateFunction, location: Location, data: unknown): void {
  if (validate(data)) return;
  const errors = toFieldErrors(location, validate.errors);
  const summary = errors.map((error) => `${error.field} ${error.message}`).join('; ');
  throw AppError.badRequest(`Invalid ${location === 'body' ? 'request body' : `${location} parameter`}: ${summary}.`, errors);
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Returns a factory that builds, once per route, the middleware holding a request to its
 * documented operation. Path and query are coerced from strings; the body is not.
 */
export function createRequestValidatorFactory(doc: OpenApiDocument): (operation: OpenApiOperation) => RequestHandler {
  const coercing = createAjv({ coerceTypes: true });
  const strict = createAjv({ coerceTypes: false });
  return (operation) => {
    const validatePath = coercing.compile(parameterSchema(doc, operation, 'path'));
    const validateQuery = coercing.compile(parameterSchema(doc, operation, 'query'));
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const validateBody = bodySchema ? strict.compile(inlineComponentRefs(doc, bodySchema)) : undefined;

    return (req, _res, next) => {
      const params: Record<string, unknown> = { ...req.params };
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      check(validatePath, 'path', params);
      check(validateQuery, 'query', query);
      if (validateBody) {
        if (!hasBody(req.headers)) throw AppError.badRequest('A JSON request body is required.');
        if (!req.is('application/json')) {
          const got = req.headers['content-type'] ?? 'no content type';
          throw AppError.unsupportedMediaType(`Send the body as application/json (got ${got}).`);
        }
        check(validateBody, 'body', req.body);
      }
      req.input = { params, query, body: req.body };
      next();
    };
  };
}
