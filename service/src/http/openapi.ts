import path from 'node:path';
import swaggerJsdoc from 'swagger-jsdoc';
import { version } from '../../../package.json';

export interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; license?: object; contact?: object };
  servers?: Array<{ url: string; description?: string }>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, object>; parameters?: Record<string, OpenApiParameter>; responses?: Record<string, object> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

// The @openapi blocks live beside the routes. In development they are read from the .ts
// sources, in the image from the compiled .js (tsc keeps comments), so the glob covers both.
const SOURCE_ROOT = path.resolve(__dirname, '..');
const API_SOURCES = [path.join(SOURCE_ROOT, '**/*.routes.{ts,js}'), path.join(SOURCE_ROOT, '**/*.schemas.{ts,js}')];

let cached: OpenApiDocument | undefined;

/** Builds the document once per process from the JSDoc blocks; it is the API's single source of truth. */
export function loadOpenApiDocument(): OpenApiDocument {
  cached ??= swaggerJsdoc({
    failOnErrors: true,
    definition: {
      openapi: '3.1.0',
      info: {
        title: 'Items API',
        version,
        description: 'The reference resource of the GitOps service template.',
        // A fork names its own owner and licence here; generated clients and portals show them.
        contact: { name: 'The team that owns this service' },
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative, so the document is right on whatever host and port serves it.
      servers: [{ url: '/', description: 'The server this document was fetched from' }],
      // Each resource declares its own tag beside its schemas; swagger-jsdoc appends them here.
      tags: [{ name: 'operations', description: 'Health, readiness and this document.' }],
      // The reference service has no authentication; a fork that adds it declares its schemes here.
      security: [],
    },
    apis: API_SOURCES,
  }) as OpenApiDocument;
  return cached;
}
