import fc from 'fast-check';
import { encodeCursor } from '../../src/http/page-cursor';
import { badIds, bodyLevel, brokenBody, jsonText, validFields, validPatch, type Probe } from './bad-input-arbitraries';

const ITEMS = '/api/v1/items';
const ONE = `${ITEMS}/{existing}`;
const writeMethod = fc.constantFrom<'POST' | 'PUT' | 'PATCH'>('POST', 'PUT', 'PATCH');
const target = (method: 'POST' | 'PUT' | 'PATCH') => (method === 'POST' ? ITEMS : ONE);

const validWrites = fc.oneof(
  validFields.map((fields): Probe => ({
    method: 'POST',
    path: ITEMS,
    body: JSON.stringify(fields),
    expect: { kind: 'valid' },
    label: 'create',
  })),
  validFields.map((fields): Probe => ({
    method: 'PUT',
    path: ONE,
    body: JSON.stringify(fields),
    expect: { kind: 'valid' },
    label: 'replace',
  })),
  validPatch.map((fields): Probe => ({
    method: 'PATCH',
    path: ONE,
    body: JSON.stringify(fields),
    expect: { kind: 'valid' },
    label: 'patch',
  })),
);

const validReads = fc.oneof(
  fc
    .constantFrom<Probe['method']>('GET', 'DELETE')
    .map((method): Probe => ({ method, path: ONE, expect: { kind: 'valid' }, label: `${method} one` })),
  fc
    .record({
      limit: fc.integer({ min: 1, max: 100 }),
      at: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 2147483647 })),
      offset: fc.integer({ min: 0, max: 1000 }),
    })
    .map(({ limit, at, offset }): Probe => {
      const query = at === undefined ? `limit=${limit}&offset=${offset}` : `limit=${limit}&cursor=${encodeCursor(at)}`;
      return { method: 'GET', path: `${ITEMS}?${query}`, expect: { kind: 'valid' }, label: 'list' };
    }),
  fc
    .tuple(fc.constantFrom('/healthz', '/readyz', '/openapi.json'), fc.webQueryParameters())
    .map(([path, query]): Probe => ({ method: 'GET', path: `${path}?${query}`, expect: { kind: 'valid' }, label: 'probe with query' })),
);

const badBodies = fc.oneof(
  fc.tuple(writeMethod, brokenBody).map(([method, broken]): Probe => ({
    method,
    path: target(method),
    body: jsonText(broken.entries),
    expect: { kind: 'invalid', status: 400, location: 'body', field: broken.field },
    label: `${method} broken field`,
  })),
  fc.tuple(writeMethod, bodyLevel).map(([method, bad]): Probe => ({
    method,
    path: target(method),
    contentType: bad.contentType,
    body: bad.body,
    expect: { kind: 'invalid', status: bad.status, location: bad.location, field: bad.field },
    label: `${method} body ${bad.status}`,
  })),
);

const badQueryValue = fc.oneof(badIds, fc.constantFrom('1001', '', 'DUPLICATE'));
const badParameters = fc.oneof(
  fc.tuple(fc.constantFrom<Probe['method']>('GET', 'PUT', 'PATCH', 'DELETE'), badIds, validFields).map(([method, id, fields]): Probe => ({
    method,
    path: `${ITEMS}/${id}`,
    body: method === 'PUT' || method === 'PATCH' ? JSON.stringify(fields) : undefined,
    expect: { kind: 'invalid', status: 400, location: 'path', field: id === '%ED%A0%80' ? 'path' : 'id' },
    label: `${method} bad id`,
  })),
  fc
    .tuple(fc.constantFrom('limit', 'offset'), badQueryValue)
    .filter(([name, value]) => !(name === 'offset' && value === '0'))
    .map(([name, value]): Probe => ({
      method: 'GET',
      path: value === 'DUPLICATE' ? `${ITEMS}?${name}=5&${name}=6` : `${ITEMS}?${name}=${value}`,
      expect: { kind: 'invalid', status: 400, location: 'query', field: name },
      label: 'list bad number',
    })),
  fc
    .constantFrom('cursor=*', 'cursor=Zm9v', 'cursor=%00', `cursor=${'A'.repeat(65)}`, 'cursor=aWQ6MQ&cursor=aWQ6Mg')
    .map((query): Probe => ({
      method: 'GET',
      path: `${ITEMS}?${query}`,
      expect: { kind: 'invalid', status: 400, location: 'query', field: 'cursor' },
      label: 'list bad cursor',
    })),
  fc.constantFrom('__proto__', 'constructor', 'sort', 'hasOwnProperty', 'toString', 'page[size]').map((name): Probe => ({
    method: 'GET',
    path: `${ITEMS}?${encodeURIComponent(name)}=1`,
    expect: { kind: 'invalid', status: 400, location: 'query', field: name },
    label: 'list unknown parameter',
  })),
);

const wrongMethods = fc
  .constantFrom<[Probe['method'], string]>(
    ['PUT', ITEMS],
    ['PATCH', ITEMS],
    ['DELETE', ITEMS],
    ['POST', ONE],
    ['POST', '/healthz'],
    ['DELETE', '/openapi.json'],
  )
  .map(([method, path]): Probe => ({ method, path, expect: { kind: 'method' }, label: 'wrong method' }));

/** Every endpoint, every class of input: valid writes and reads, broken fields and bodies, bad parameters, wrong methods. */
export const probes: fc.Arbitrary<Probe> = fc.oneof(
  { arbitrary: validWrites, weight: 4 },
  { arbitrary: validReads, weight: 3 },
  { arbitrary: badBodies, weight: 6 },
  { arbitrary: badParameters, weight: 4 },
  { arbitrary: wrongMethods, weight: 1 },
);
