/**
 * The spellings of one resource name, derived from the plural in kebab case that the URL and the
 * folder use (`order-lines`): the code, the table and the OpenAPI document each want their own.
 */
export interface ResourceNames {
  /** `order-lines`: folder, URL segment, file prefix, OpenAPI tag. */
  readonly plural: string;
  /** `order-line`: the model's file. */
  readonly singular: string;
  /** `order_lines`: the table. */
  readonly table: string;
  /** `orderLines`: variables and exports. */
  readonly pluralCamel: string;
  /** `OrderLine`: the model and the schemas. */
  readonly singularPascal: string;
  /** `OrderLines`: the repository type. */
  readonly pluralPascal: string;
  /** `order line`: prose in messages and docs. */
  readonly singularWords: string;
}

export const NAME_RULE =
  'NAME is the plural in kebab case: lowercase a-z and 0-9 in words joined by "-", starting with a letter, ending in "s", 3-40 characters (e.g. orders, order-lines)';

const KEBAB_PLURAL = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*s$/;

// Words that would shadow the service's own names or the framework's.
const RESERVED = new Set(['resources', 'migrations', 'metrics', 'docs', 'problems', 'types', 'tests']);

/** Why NAME cannot be a resource name, or undefined when it can. */
export function checkResourceName(name: string): string | undefined {
  if (name.length < 3 || name.length > 40 || !KEBAB_PLURAL.test(name)) return `${NAME_RULE}; got "${name}".`;
  if (RESERVED.has(name)) return `"${name}" is a name the service already uses; pick another.`;
  return undefined;
}

/** English singular of the last word: categories -> category, boxes -> box, orders -> order. */
export function singularOf(plural: string): string {
  if (/[^aeiou]ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  return plural.slice(0, -1);
}

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (kebab: string): string => camel(kebab).replace(/^[a-z]/, (c) => c.toUpperCase());

/** Every spelling of NAME, with SINGULAR when English rules guess wrong (people -> person). */
export function resourceNames(plural: string, singular = singularOf(plural)): ResourceNames {
  return {
    plural,
    singular,
    table: plural.replaceAll('-', '_'),
    pluralCamel: camel(plural),
    singularPascal: pascal(singular),
    pluralPascal: pascal(plural),
    singularWords: singular.replaceAll('-', ' '),
  };
}
