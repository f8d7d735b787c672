import type { OpenApiDocument } from './openapi';

type Property = {
  example?: unknown;
  examples?: unknown[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
};
type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Property>; required?: string[] };

/** A create request built from the document's examples, as a client copying the docs would send it. */
export interface CreateExample {
  /** Every property of the create schema that has an example, through allOf. */
  readonly body: Record<string, unknown>;
  /**
   * A free-text property: a caller can write its own value there (up to 32 letters, digits,
   * spaces and hyphens, e.g. `smoke-1a2b3c4d`) and read it back.
   */
  readonly textField: string;
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const target = doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] as Schema | undefined;
  if (!target) throw new Error(`the OpenAPI document has no schema ${schema.$ref}`);
  return resolve(doc, target);
}

// What callers write into the text field, at its longest and shortest.
const LONGEST = 'written during shutdown 1a2b3c4d';
const SHORTEST = 'smoke-1a2b3c4d';

function takesFreeText(property: Property): boolean {
  if (property.format !== undefined || property.enum !== undefined || property.const !== undefined) return false;
  if ((property.maxLength ?? Infinity) < LONGEST.length || (property.minLength ?? 0) > SHORTEST.length) return false;
  if (property.pattern === undefined) return true;
  try {
    const pattern = new RegExp(property.pattern, 'u');
    return pattern.test(LONGEST) && pattern.test(SHORTEST);
  } catch {
    return false;
  }
}

function collect(doc: OpenApiDocument, schema: Schema, into: { body: Record<string, unknown>; required: string[]; text: string[] }): void {
  const resolved = resolve(doc, schema);
  into.required.push(...(resolved.required ?? []));
  for (const part of resolved.allOf ?? []) collect(doc, part, into);
  for (const [key, property] of Object.entries(resolved.properties ?? {})) {
    // OpenAPI 3.1 prefers JSON Schema's `examples`; `example` is still what most documents write.
    const example = property.example ?? property.examples?.[0];
    if (example === undefined) continue;
    into.body[key] = example;
    if (typeof example === 'string' && takesFreeText(property)) into.text.push(key);
  }
}

/**
 * The create body of a documented collection (`POST collectionPath` with a JSON body), from its
 * examples. The service-wide tests and the deploy's smoke check send it, so a resource's
 * examples must make a valid request; this throws naming what is missing when they do not.
 */
export function createExample(doc: OpenApiDocument, collectionPath: string): CreateExample {
  const schema = doc.paths[collectionPath]?.post?.requestBody?.content?.['application/json']?.schema as Schema | undefined;
  if (!schema) throw new Error(`the OpenAPI document has no POST ${collectionPath} with a JSON body`);
  const found = { body: {} as Record<string, unknown>, required: [] as string[], text: [] as string[] };
  collect(doc, schema, found);
  const missing = found.required.filter((key) => !(key in found.body));
  if (missing.length > 0) throw new Error(`POST ${collectionPath}: give the create schema's required ${missing.join(', ')} an example`);
  const textField = found.text[0];
  if (!textField) {
    throw new Error(
      `POST ${collectionPath}: the create schema needs a free-text property with an example (a string without format, enum or const, that takes 32 characters)`,
    );
  }
  return { body: found.body, textField };
}

/** The first collection the document lets a client create in, read one row of, and delete it: the smoke check's round trip. */
export function firstRoundTripCollection(doc: OpenApiDocument): string | undefined {
  return Object.keys(doc.paths).find((path) => {
    const one = doc.paths[`${path}/{id}`];
    return doc.paths[path]?.post?.requestBody && one?.get && one.delete;
  });
}
