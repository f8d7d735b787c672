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
  'NAME is the plural in kebab case: lowercase a-z and 0-9 in words joined by "-", starting with a letter, 3-40 characters, ending in "s" unless --singular is given (e.g. orders, order-lines; people with --singular person)';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

// Words that would shadow the service's own names or the framework's.
const RESERVED = new Set(['resources', 'migrations', 'metrics', 'docs', 'problems', 'types', 'tests']);

// The plural in camel case names a parameter of the generated routes: no reserved word.
const JS_RESERVED = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export extends false ' +
    'finally for function if implements import in instanceof interface let new null package private protected public ' +
    'return static super switch this throw true try typeof var void while with yield'
  ).split(' '),
);
// The singular in Pascal case names the model's types, beside these globals and imports.
const TYPE_NAMES = new Set(
  'AppError Array Boolean DataTypes Date Error Function Map Model Number Object Op Promise Request Resource Response RouteDefinition Sequelize Set String Symbol'.split(
    ' ',
  ),
);

/** Why NAME (with SINGULAR, if given) cannot be a resource name, or undefined when it can. */
export function checkResourceName(name: string, singular?: string): string | undefined {
  const plural = KEBAB.test(name) && (singular !== undefined || name.endsWith('s'));
  if (name.length < 3 || name.length > 40 || !plural) return `${NAME_RULE}; got "${name}".`;
  if (RESERVED.has(name)) return `"${name}" is a name the service already uses; pick another.`;
  const n = resourceNames(name, singular);
  if (JS_RESERVED.has(n.pluralCamel))
    return `"${name}" is a JavaScript reserved word, which the generated code cannot use as a name; pick another.`;
  if (TYPE_NAMES.has(n.singularPascal)) {
    return `"${n.singularPascal}" (the singular of "${name}") is a type the generated code already uses; pick another name, or another --singular.`;
  }
  return undefined;
}

/** English singular of the last word: categories -> category, boxes -> box, promises -> promise, orders -> order. */
export function singularOf(plural: string): string {
  if (/[^aeiou]ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
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
