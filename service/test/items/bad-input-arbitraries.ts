import fc from 'fast-check';

/** What a generated request must get back. */
export type Expectation =
  | { kind: 'valid' }
  | { kind: 'invalid'; status: number; location: 'body' | 'path' | 'query' | 'header'; field: string }
  | { kind: 'method' };

export interface Probe {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `{existing}` is replaced at run time by an id the model knows (or a missing one). */
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly expect: Expectation;
  readonly label: string;
}

type Entries = ReadonlyArray<readonly [string, unknown]>;
const FIELDS = ['name', 'description', 'priceCents', 'quantity'];

// JSON text built entry by entry, so keys such as __proto__ and duplicates reach the server as typed.
export function jsonText(entries: Entries): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
}

const codePoints = (text: string) => [...text].length;
const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max }).filter((s) => !s.includes('\u0000') && codePoints(s) <= max);
const name = text(60).filter((s) => /\S/u.test(s));
const int4 = fc.integer({ min: 0, max: 2147483647 });

export const validFields = fc.record(
  { name, description: fc.option(text(300), { nil: null }), priceCents: int4, quantity: int4 },
  { requiredKeys: ['name', 'priceCents'] },
);
const validPatch = fc
  .record({ name, description: fc.option(text(300), { nil: null }), priceCents: int4, quantity: int4 }, { requiredKeys: [] })
  .filter((patch) => Object.keys(patch).length > 0);

const withNul = fc.tuple(text(20), text(20)).map(([a, b]) => `${a}\u0000${b}`);
const withLoneSurrogate = fc
  .tuple(text(20), fc.integer({ min: 0xd800, max: 0xdfff }))
  .map(([a, unit]) => `${a}${String.fromCharCode(unit)}`);
const blank = fc.stringMatching(/^[ \t\n\r\u00a0\u2003\u3000]{1,12}$/);
const hugeNumber = fc.constantFrom(1e300, 2147483648, Number.MAX_SAFE_INTEGER, -1e20);
const notAnInteger = fc.oneof(
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.constant('12'),
  fc.boolean(),
  fc.constant(null),
);

const badValues: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(
    withNul,
    withLoneSurrogate,
    blank,
    fc.constant(''),
    fc.constant('x'.repeat(201)),
    fc.integer(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
  ),
  description: fc.oneof(withNul, withLoneSurrogate, fc.constant('d'.repeat(2001)), fc.integer(), fc.boolean(), fc.constant({ text: 'a' })),
  priceCents: fc.oneof(fc.integer({ min: -2147483648, max: -1 }), hugeNumber, notAnInteger),
  quantity: fc.oneof(fc.integer({ min: -2147483648, max: -1 }), hugeNumber, notAnInteger),
};
const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'updatedAt', 'nameNormalized', 'hasOwnProperty'),
  fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !FIELDS.includes(key)),
);

/** A valid body with one field broken (by type, range, text Postgres cannot store) or one unknown key added. */
const brokenBody = fc
  .tuple(validFields, fc.oneof(fc.constantFrom(...FIELDS), fc.constant('unknown')), unknownKey, fc.context())
  .chain(([fields, broken, extra]) =>
    broken === 'unknown'
      ? fc.jsonValue({ maxDepth: 1 }).map((value) => ({ entries: [...Object.entries(fields), [extra, value] as const], field: extra }))
      : (badValues[broken] ?? fc.constant(null)).map((value) => ({
          entries: [...Object.entries(fields).filter(([key]) => key !== broken), [broken, value] as const],
          field: broken,
        })),
  );

const bodyLevel: fc.Arbitrary<{ contentType?: string; body?: string; status: number; location: 'body' | 'header'; field: string }> =
  fc.oneof(
    fc
      .constantFrom('[]', '[{"name":"a","priceCents":1}]', 'null', '"item"', '42', 'true')
      .map((body) => ({ contentType: 'application/json', body, status: 400, location: 'body' as const, field: 'body' })),
    fc
      .constantFrom('{"name":', "{'name':'a'}", '{"name":"a",}', 'undefined', '{"a":1e400', '\u0000')
      .map((body) => ({ contentType: 'application/json', body, status: 400, location: 'body' as const, field: 'body' })),
    fc.constant({ contentType: 'application/json', body: '', status: 400, location: 'body' as const, field: 'body' }),
    // Over the suite's 16 KiB body limit.
    fc.constant({
      contentType: 'application/json',
      body: jsonText([
        ['name', 'big'],
        ['priceCents', 1],
        ['description', 'x'.repeat(20_000)],
      ]),
      status: 413,
      location: 'body' as const,
      field: 'body',
    }),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin-9',
      )
      .map((contentType) => ({
        contentType,
        body: '{"name":"a","priceCents":1}',
        status: 415,
        location: 'header' as const,
        field: 'content-type',
      })),
  );

export const badIds: fc.Arbitrary<string> = fc.constantFrom(
  '0x10',
  '1e1',
  '+1',
  '00001',
  '%201',
  '1.0',
  '-1',
  '0',
  '2147483648',
  '99999999999999999999',
  'abc',
  '%00',
  '%EF%BC%91',
  '١',
  '1%20',
  'null',
  '%F0%9F%98%80',
);

export { brokenBody, bodyLevel, validPatch };
