import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';
import { allSteps, commandsIn, loadWorkflows, needsOf, projectCommands, workflow, type Workflow } from './support/workflow-files';

const REUSABLE = ['test.yml', 'docker.yml', 'deploy.yml'];
const PINNED = /^[a-z0-9-]+\/[a-z0-9._-]+(\/[a-z0-9._/-]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v\d+(\.\d+){1,2}\s*$/;

function callInterface(flow: Workflow): Record<string, Record<string, Record<string, unknown>>> {
  return (flow.on.workflow_call ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
}

describe('workflow structure (hardening and the contract callers rely on)', () => {
  const workflows = loadWorkflows();

  test.each(REUSABLE)(
    'When %s is read, then it is callable only (on: workflow_call) and every input, secret and output is typed and described',
    (name) => {
      // Arrange
      const flow = workflow(name);

      // Act
      const { inputs = {}, secrets = {}, outputs = {} } = callInterface(flow);

      // Assert
      expect(Object.keys(flow.on)).toEqual(['workflow_call']);
      for (const [key, input] of Object.entries(inputs)) {
        expect([key, ['string', 'boolean', 'number'].includes(input.type as string)]).toEqual([key, true]);
        expect([key, typeof input.description === 'string' && input.description.length > 10]).toEqual([key, true]);
      }
      for (const [key, secret] of Object.entries(secrets))
        expect([key, secret.required, typeof secret.description]).toEqual([key, true, 'string']);
      for (const [key, output] of Object.entries(outputs))
        expect([key, typeof output.description, typeof output.value]).toEqual([key, 'string', 'string']);
    },
  );

  test('When any workflow is read, then it grants nothing at the top and every job says its permissions', () => {
    // Arrange / Act
    const loose = workflows.flatMap((flow) => [
      ...(JSON.stringify(flow.permissions) === '{}' ? [] : [`${flow.file}: top-level permissions must be {}`]),
      ...Object.entries(flow.jobs)
        .filter(([, job]) => job.permissions === undefined || typeof job.permissions === 'string')
        .map(([name]) => `${flow.file} job ${name}: no explicit permissions map`),
    ]);

    // Assert
    expect(loose).toEqual([]);
  });

  test('When any step uses an action, then it is pinned to a full commit SHA with its version in a comment', () => {
    // Arrange
    const lines = workflows.flatMap((flow) => flow.text.split('\n').map((line) => ({ file: flow.file, line })));

    // Act
    const uses = lines.filter(({ line }) => /^\s*(-\s+)?uses:\s/.test(line));
    const unpinned = uses.filter(({ line }) => {
      const ref = line.replace(/^\s*(-\s+)?uses:\s*/, '').replace(/\s*#.*$/, '');
      return !ref.startsWith('./') && !(PINNED.test(ref) && VERSION_COMMENT.test(line));
    });

    // Assert
    expect(uses.length).toBeGreaterThan(10);
    expect(unpinned.map(({ file, line }) => `${file}: ${line.trim()}`)).toEqual([]);
  });

  test('When any step runs a shell, then no ${{ }} expression is inside run: (values come through env:)', () => {
    // Arrange / Act
    const injected = workflows.flatMap((flow) =>
      allSteps(flow)
        .filter(({ step }) => typeof step.run === 'string' && step.run.includes('${{'))
        .map(({ job, step }) => `${flow.file} job ${job}: ${step.name ?? step.run}`),
    );

    // Assert
    expect(injected).toEqual([]);
  });

  test('When any step checks out a repository, then it does not persist credentials', () => {
    // Arrange / Act
    const checkouts = workflows.flatMap((flow) => allSteps(flow).filter(({ step }) => step.uses?.startsWith('actions/checkout@')));

    // Assert
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter(({ step }) => step.with?.['persist-credentials'] !== false)).toEqual([]);
  });

  test('When the repository is searched, then nothing uses pull_request_target or secrets: inherit (docs included)', () => {
    // Arrange
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '.github', 'docs', '*.md'], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);

    // Act
    const offending = files.filter((file) =>
      /pull_request_target|secrets:\s*inherit/.test(readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8')),
    );

    // Assert
    expect(files.length).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });

  test('When deploy.yml is read, then backup -> rehearse -> migrate -> promote each need the one before, in the environment, calling their make stage', () => {
    // Arrange
    const flow = workflow('deploy.yml');
    const order = ['backup', 'rehearse', 'migrate', 'promote'];

    // Act
    const graph = order.map((name) => {
      const job = flow.jobs[name];
      const runs = (job?.steps ?? []).map((step) => step.run ?? '').join('\n');
      return { name, needs: job ? needsOf(job) : ['<missing>'], environment: job?.environment, calls: commandsIn(runs).make };
    });

    // Assert
    expect(Object.keys(flow.jobs)).toEqual(order);
    expect(graph).toEqual(
      order.map((name, index) => ({
        name,
        needs: index === 0 ? [] : [order[index - 1]],
        environment: '${{ inputs.environment }}',
        calls: [`deploy-${name}`],
      })),
    );
    expect(flow.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
    expect(flow.jobs.backup?.outputs?.['backup-id']).toBe('${{ steps.stage.outputs.backup-id }}');
    const store = (flow.jobs.backup?.steps ?? []).find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(store?.with?.['retention-days']).toBe('${{ inputs.backup-retention-days }}');
  });

  test("When deploy.yml checks out tooling, then it is the called workflow's own commit (job.workflow_repository / job.workflow_sha)", () => {
    // Arrange / Act
    const checkouts = allSteps(workflow('deploy.yml')).filter(({ step }) => step.uses?.startsWith('actions/checkout@'));

    // Assert
    expect(checkouts).toHaveLength(4);
    for (const { step } of checkouts) {
      expect(step.with).toMatchObject({ repository: '${{ job.workflow_repository }}', ref: '${{ job.workflow_sha }}' });
    }
  });

  test('When pipeline.yml is read, then pull requests test and build without push, and main deploys staging before production by local path', () => {
    // Arrange
    const flow = workflow('pipeline.yml');

    // Act
    const jobs = flow.jobs;

    // Assert
    expect(Object.keys(flow.on).sort()).toEqual(['pull_request', 'push']);
    expect(jobs.test?.uses).toBe('./.github/workflows/test.yml');
    expect(jobs.image).toMatchObject({ uses: './.github/workflows/docker.yml', needs: 'test' });
    expect(jobs.image?.with?.push).toBe("${{ github.event_name == 'push' }}");
    expect(jobs['deploy-staging']).toMatchObject({ uses: './.github/workflows/deploy.yml', with: { environment: 'staging' } });
    expect(jobs['deploy-production']).toMatchObject({ uses: './.github/workflows/deploy.yml', with: { environment: 'production' } });
    expect(needsOf(jobs['deploy-production'] ?? {})).toContain('deploy-staging');
    expect(jobs['deploy-staging']?.with?.image).toBe('${{ needs.image.outputs.reference }}');
    // Pull requests from forks see no configuration variables: the image name must stay valid without them.
    expect(jobs.image?.with?.['image-name']).toMatch(/vars\.DOCKERHUB_USERNAME \|\| '[a-z0-9-]+'/);
  });

  test('When a step uploads an artifact from a dot-folder, then it sets include-hidden-files (upload-artifact 4.4+ drops such paths by default)', () => {
    // Arrange
    const uploads = workflows.flatMap((flow) =>
      allSteps(flow)
        .filter(({ step }) => step.uses?.startsWith('actions/upload-artifact@'))
        .map(({ job, step }) => ({ where: `${flow.file} job ${job}: ${step.name ?? ''}`, step })),
    );

    // Act
    const dropped = uploads.filter(({ step }) => {
      const raw = step.with?.path;
      const paths = (typeof raw === 'string' ? raw : '').split('\n');
      const hidden = paths.some((entry) => entry.split('/').some((segment) => /^\.[^./]/.test(segment.trim())));
      return hidden && step.with?.['include-hidden-files'] !== true;
    });

    // Assert
    expect(uploads.length).toBeGreaterThan(3);
    expect(dropped.map(({ where }) => where)).toEqual([]);
  });

  test('When a step uploads an artifact, then it overwrites one of the same name (a re-run job is the same run, and v4 refuses a second upload)', () => {
    // Arrange / Act
    const refusedOnRerun = workflows.flatMap((flow) =>
      allSteps(flow)
        .filter(({ step }) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.overwrite !== true)
        .map(({ job, step }) => `${flow.file} job ${job}: ${step.name ?? ''}`),
    );

    // Assert
    expect(refusedOnRerun).toEqual([]);
  });

  test('When a job downloads an artifact, then a job it needs uploads that name', () => {
    // Arrange
    const problems = workflows.flatMap((flow) => {
      const uploadsOf = (job: string) =>
        (flow.jobs[job]?.steps ?? []).filter((step) => step.uses?.startsWith('actions/upload-artifact@')).map((step) => step.with?.name);
      return (
        allSteps(flow)
          .filter(({ step }) => step.uses?.startsWith('actions/download-artifact@'))
          // Act
          .filter(({ job, step }) => !needsOf(flow.jobs[job] ?? {}).some((before) => uploadsOf(before).includes(step.with?.name)))
          .map(({ job, step }) => `${flow.file} job ${job} downloads ${String(step.with?.name)}, which no job it needs uploads`)
      );
    });

    // Assert
    expect(problems).toEqual([]);
  });

  test('When the same action is used in several places, then it is pinned to one SHA and one version everywhere', () => {
    // Arrange
    const pins = new Map<string, Set<string>>();
    for (const flow of workflows)
      for (const match of flow.text.matchAll(/uses:\s*([^@\s]+)@([0-9a-f]{40})\s*#\s*(\S+)/g))
        pins.set(match[1] ?? '', (pins.get(match[1] ?? '') ?? new Set()).add(`${match[2]} ${match[3]}`));

    // Act
    const mixed = [...pins].filter(([, refs]) => refs.size > 1).map(([action, refs]) => `${action}: ${[...refs].join(', ')}`);

    // Assert
    expect(pins.size).toBeGreaterThan(5);
    expect(mixed).toEqual([]);
  });

  test('When a workflow calls make or npm run, then that target or script exists', () => {
    // Arrange
    const { targets, scripts } = projectCommands();
    const texts = workflows.flatMap((flow) => [
      ...allSteps(flow).map(({ step }) => step.run ?? ''),
      ...Object.values(callInterface(flow).inputs ?? {}).map((input) => (typeof input.default === 'string' ? input.default : '')),
    ]);

    // Act
    const called = texts.map(commandsIn);
    const make = [...new Set(called.flatMap((c) => c.make))];
    const npm = [...new Set(called.flatMap((c) => c.npm))];

    // Assert
    expect(make).toEqual(expect.arrayContaining(['lint', 'test', 'deploy-backup', 'deploy-promote']));
    expect(make.filter((target) => !targets.has(target))).toEqual([]);
    expect(npm.filter((script) => !scripts.has(script))).toEqual([]);
  });
});
