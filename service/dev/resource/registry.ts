import type { ResourceNames } from './names';

// resources.ts holds one import per resource and the RESOURCES array; both edits are textual and
// refuse a file they do not recognise rather than guess.
const ARRAY = /export const RESOURCES: readonly Resource\[\] = \[([^\]]*)\];/;

function importLine(n: ResourceNames): string {
  return `import { ${n.pluralCamel}Resource } from './${n.plural}/${n.plural}.resource';`;
}

function entries(text: string): string[] {
  const match = ARRAY.exec(text);
  if (!match)
    throw new Error('service/src/resources.ts has no `export const RESOURCES: readonly Resource[] = [...]`; add the resource by hand.');
  return (match[1] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function withEntries(text: string, list: readonly string[]): string {
  return text.replace(ARRAY, `export const RESOURCES: readonly Resource[] = [${list.join(', ')}];`);
}

/** resources.ts with the resource imported and listed last; unchanged when it already is. */
export function registerResource(text: string, n: ResourceNames): string {
  const list = entries(text);
  const entry = `${n.pluralCamel}Resource`;
  if (list.includes(entry)) return text;
  const lines = text.split('\n');
  const lastImport = lines.reduce((last, line, index) => (line.startsWith('import ') ? index : last), -1);
  lines.splice(lastImport + 1, 0, importLine(n));
  return withEntries(lines.join('\n'), [...list, entry]);
}

/** How many resources resources.ts lists. */
export function registeredCount(text: string): number {
  return entries(text).length;
}

/** resources.ts without the resource; unchanged when it is not there. */
export function unregisterResource(text: string, n: ResourceNames): string {
  const entry = `${n.pluralCamel}Resource`;
  const list = entries(text);
  if (!list.includes(entry)) return text;
  const lines = text.split('\n').filter((line) => line !== importLine(n));
  return withEntries(
    lines.join('\n'),
    list.filter((e) => e !== entry),
  );
}
