import { randomUUID } from 'node:crypto';
import { createExample } from '../../src/http/create-example';
import { loadOpenApiDocument } from '../../src/http/openapi';
import type { Resource } from '../../src/resource';
import { RESOURCES } from '../../src/resources';

/**
 * The resource that the service-wide tests (shutdown, outage, pool exhaustion, HTTP edges,
 * metrics) send their requests to: the first one resources.ts registers. They need a route
 * that reaches the database and a body it accepts, not any one resource, so a fork that
 * replaces items with its own keeps them (docs/forking.md lists what they need of it: integer
 * ids, GET, PATCH and DELETE by id, an example on every required field). Its create body comes from the
 * OpenAPI examples of its create schema (createExample), so a resource documents what the tests send.
 */
export interface SubjectResource {
  /** The plural in its URL, e.g. `items`. */
  readonly name: string;
  /** Its table, as make resource names it: the plural in snake_case. */
  readonly table: string;
  /** The collection's path, e.g. /api/v1/<plural>. */
  readonly collectionPath: string;
  /** The path of one row, e.g. /api/v1/<plural>/7. */
  itemPath(id: number | string): string;
  /** The route template metrics label it with, e.g. /api/v1/<plural>/:id. */
  readonly itemRoute: string;
  /** The create body exactly as the document's examples give it (what Swagger UI sends). */
  exampleBody(): Record<string, unknown>;
  /** A valid create body: the examples, with the text field made unique. */
  createBody(): Record<string, unknown>;
  /** A free-text property of that body, where a test writes its own value and reads it back. */
  readonly textField: string;
}

function firstResource(): Resource {
  const resource = RESOURCES[0];
  if (!resource) {
    throw new Error(
      'the service-wide tests send requests to the first resource in service/src/resources.ts, and none is registered: add one with make resource NAME=<plural>',
    );
  }
  return resource;
}

// The table as make resource names it (order-lines: order_lines). Not read from the model: init()
// binds a resource's model class to the connection it is given, and the app's must keep its own.
function tableOf(resource: Resource): string {
  return resource.name.replaceAll('-', '_');
}

let cached: SubjectResource | undefined;

export function subjectResource(): SubjectResource {
  if (cached) return cached;
  const resource = firstResource();
  const doc = loadOpenApiDocument();
  const collectionPath = `/api/v1/${resource.name}`;
  const { body, textField } = createExample(doc, collectionPath);
  const one = doc.paths[`${collectionPath}/{id}`];
  const missing = (['get', 'patch', 'delete'] as const).filter((method) => !one?.[method]);
  if (missing.length > 0) {
    throw new Error(
      `the service-wide tests need ${missing.map((m) => m.toUpperCase()).join(', ')} ${collectionPath}/{id} on the first resource in resources.ts (${resource.name}); register one that has them first`,
    );
  }
  cached = {
    name: resource.name,
    table: tableOf(resource),
    collectionPath,
    itemPath: (id) => `${collectionPath}/${id}`,
    itemRoute: `${collectionPath}/:id`,
    exampleBody: () => structuredClone(body),
    // Unique, so a unique constraint on the resource never turns a test's second create into a 409.
    createBody: () => ({ ...structuredClone(body), [textField]: `subject ${randomUUID().slice(0, 8)}` }),
    textField,
  };
  return cached;
}
