import { createExample } from '../../src/http/create-example';
import { loadOpenApiDocument } from '../../src/http/openapi';
import type { Resource } from '../../src/resource';
import { RESOURCES } from '../../src/resources';

/**
 * The resource that the service-wide tests (shutdown, outage, pool exhaustion, HTTP edges,
 * metrics) send their requests to: the first one resources.ts registers. They need a route
 * that reaches the database and a body it accepts, not any one resource, so a fork that
 * replaces items with its own keeps them (docs/forking.md). Its create body comes from the
 * OpenAPI examples of its create schema (createExample), so a resource documents what the tests send.
 */
export interface SubjectResource {
  /** The plural in its URL, e.g. `items`. */
  readonly name: string;
  /** Its table, as make resource names it: the plural in snake_case. */
  readonly table: string;
  /** The collection's path, e.g. /api/v1/items. */
  readonly collectionPath: string;
  /** The path of one row, e.g. /api/v1/items/7. */
  itemPath(id: number | string): string;
  /** The route template metrics label it with, e.g. /api/v1/items/:id. */
  readonly itemRoute: string;
  /** A valid create body, built from the examples of the create schema's properties. */
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
  cached = {
    name: resource.name,
    table: tableOf(resource),
    collectionPath,
    itemPath: (id) => `${collectionPath}/${id}`,
    itemRoute: `${collectionPath}/:id`,
    createBody: () => structuredClone(body),
    textField,
  };
  return cached;
}
