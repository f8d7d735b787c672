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

let shared: Ajv2020 | undefined;

/**
 * The process's one validator instance. Its first compile also compiles JSON Schema's meta-schema
 * (each schema is checked against it), which costs more than most routes' validators together:
 * every app built in one process (tests build dozens) shares that work instead of redoing it.
 */
export function sharedAjv(): Ajv2020 {
  if (!shared) {
    // strict is off because OpenAPI schemas carry documentation keywords (example) Ajv does not know.
    // verbose puts the failing schema on each error (only when validation fails), for x-pattern-message.
    // No coercion: integer parameters are converted by withIntegers, and the body never is.
    shared = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    addFormats(shared);
  }
  return shared;
}

function toFieldError(location: Location, error: ErrorObject): FieldError {
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
  const patternMessage = (error.parentSchema as { 'x-pattern-message'?: string } | undefined)?.['x-pattern-message'];
  const message = error.keyword === 'pattern' && patternMessage ? patternMessage : (error.message ?? 'is invalid');
  return { in: location, field: base || location, message };
}

/** One entry per field and complaint (allOf branches repeat a type error, for instance). */
export function toFieldErrors(location: Location, errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const unique = new Map<string, FieldError>();
  for (const error of errors ?? []) {
    const fieldError = toFieldError(location, error);
    unique.set(`${fieldError.field}\u0000${fieldError.message}`, fieldError);
  }
  return [...unique.values()];
}

function parametersIn(doc: OpenApiDocument, operation: OpenApiOperation, location: 'path' | 'query'): OpenApiParameter[] {
  return (operation.parameters ?? [])
    .map((parameter) => ('$ref' in parameter ? doc.components?.parameters?.[parameter.$ref.split('/').pop() ?? ''] : parameter))
    .filter((parameter): parameter is OpenApiParameter => parameter?.in === location);
}

function parameterSchema(parameters: readonly OpenApiParameter[], location: 'path' | 'query'): object {
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

// Only plain decimal digits become numbers: Number() would also take 0x10, 1e1, +1, ' 1' and 1.0.
const DECIMAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

function integerNames(parameters: readonly OpenApiParameter[]): string[] {
  return parameters.filter((parameter) => (parameter.schema as { type?: unknown } | undefined)?.type === 'integer').map((p) => p.name);
}

function withIntegers(raw: object, names: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = { ...raw };
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) values[name] = Number(value);
  }
  return values;
}

function describeJson(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function checkBody(validate: ValidateFunction, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw AppError.badRequest(`The request body must be a JSON object (got ${describeJson(body)}).`, [
      { in: 'body', field: 'body', message: 'must be a JSON object' },
    ]);
  }
  check(validate, 'body', body);
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Returns a factory that builds, once per route, the middleware holding a request to its
 * documented operation. Integer path and query parameters are converted from decimal digits
 * only; the body is never coerced.
 */
export function createRequestValidatorFactory(
  doc: OpenApiDocument,
): (operation: OpenApiOperation, options?: { ignoresQuery?: boolean }) => RequestHandler {
  const ajv = sharedAjv();
  return (operation, options = {}) => {
    const pathParameters = parametersIn(doc, operation, 'path');
    const queryParameters = parametersIn(doc, operation, 'query');
    const pathIntegers = integerNames(pathParameters);
    const queryIntegers = integerNames(queryParameters);
    const validatePath = ajv.compile(parameterSchema(pathParameters, 'path'));
    const validateQuery = ajv.compile(parameterSchema(queryParameters, 'query'));
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const validateBody = bodySchema ? ajv.compile(inlineComponentRefs(doc, bodySchema)) : undefined;

    return (req, _res, next) => {
      const params = withIntegers(req.params, pathIntegers);
      const query = options.ignoresQuery ? {} : withIntegers(req.query, queryIntegers);
      check(validatePath, 'path', params);
      check(validateQuery, 'query', query);
      if (validateBody) {
        if (!hasBody(req.headers)) {
          throw AppError.badRequest('A JSON request body is required.', [{ in: 'body', field: 'body', message: 'is required' }]);
        }
        if (!req.is('application/json')) {
          const got = req.headers['content-type'] ?? 'no content type';
          throw AppError.unsupportedMediaType(`Send the body as application/json (got ${got}).`);
        }
        checkBody(validateBody, req.body);
      }
      req.input = { params, query, body: req.body };
      next();
    };
  };
}
