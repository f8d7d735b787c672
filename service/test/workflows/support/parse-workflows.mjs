// Runs GitHub's own workflow parser (@actions/workflow-parser) on the files of one or more checkouts,
// given as one JSON argument, [{"root": "...", "files": [...]}, ...]: schema, job graph (needs),
// expressions, and the inputs/secrets of local reusable workflows a job calls (fetched through the
// file provider). Prints one {"<file>": ["error", ...]} per checkout, as a JSON array.
// A child process, so the JSON import hook never touches the test runner's module loader; one for
// all the checkouts, since loading the parser is most of its cost (about a CPU-second).
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import path from 'node:path';
import process from 'node:process';

register('./json-import-hook.mjs', import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');

const checkouts = JSON.parse(process.argv[2] ?? '[]');

function fileProviderIn(root) {
  return {
    async getFileContent(ref) {
      if (!('path' in ref) || 'repository' in ref) throw new Error(`remote workflow ${JSON.stringify(ref)} is not fetched in tests`);
      const name = ref.path.replace(/^\.\//, '');
      return { name, content: await readFile(path.join(root, name), 'utf8') };
    },
  };
}

const reports = [];
for (const { root, files } of checkouts) {
  const report = {};
  for (const file of files) {
    const content = await readFile(path.join(root, file), 'utf8');
    const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
    const errors = parsed.context.errors.getErrors().map((error) => error.message);
    if (parsed.value && errors.length === 0) {
      const template = await convertWorkflowTemplate(parsed.context, parsed.value, fileProviderIn(root), { fetchReusableWorkflowDepth: 1 });
      errors.push(...(template.errors ?? []).map((error) => error.Message ?? error.message ?? JSON.stringify(error)));
    }
    report[file] = errors;
  }
  reports.push(report);
}
process.stdout.write(`${JSON.stringify(reports)}\n`);
