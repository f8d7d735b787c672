import { parseArgs } from 'node:util';
import { buildContext } from '../../delivery/deploy-context';
import { DELIVERY_EXIT, DeliveryError } from '../../delivery/delivery-error';
import { runStages, STAGE_ORDER, type Stage, type StageRun } from '../../delivery/deploy-pipeline';
import { DEPLOY_HELP } from './help';
import { finish, writeGithubOutput, type CliIo } from './output';

const OPTIONS = {
  env: { type: 'string' },
  image: { type: 'string' },
  'state-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function stagesOf(name: string | undefined): Stage[] {
  if (name === 'all') return STAGE_ORDER;
  if (name && (STAGE_ORDER as string[]).includes(name)) return [name as Stage];
  const what = name ? `unknown stage "${name}"` : 'no stage given';
  throw new DeliveryError(`${what}; give one of ${STAGE_ORDER.join(', ')} or all. See --help.`, DELIVERY_EXIT.usage);
}

/** `make deploy`'s closing line: the figures people ask for first, then each stage's own result. */
function summarizeDeploy(runs: StageRun[]): Record<string, unknown> {
  const byStage = Object.fromEntries(runs.map((run) => [run.stage, run.result])) as Record<Stage, Record<string, unknown> | undefined>;
  return {
    environment: byStage.backup?.environment,
    image: byStage.backup?.image,
    backupId: byStage.backup?.backupId,
    backupFile: byStage.backup?.backupFile,
    lintPassed: byStage.rehearse?.lintPassed,
    applied: byStage.migrate?.applied,
    commit: byStage.promote?.commit,
    stages: byStage,
    durationsMs: Object.fromEntries(runs.map((run) => [run.stage, run.durationMs])),
  };
}

/** `deploy` as a function of its arguments, environment, checkout root and output streams; returns the exit code. */
export async function runDeployCli(argv: string[], env: NodeJS.ProcessEnv, root: string, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let label = argv.find((arg) => !arg.startsWith('-')) ?? 'deploy';
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) return (io.stdout(`${DEPLOY_HELP}\n`), DELIVERY_EXIT.ok);
    if (positionals.length > 1) throw new DeliveryError(`unexpected argument: ${positionals.slice(1).join(' ')}`, DELIVERY_EXIT.usage);
    const stages = stagesOf(positionals[0]);
    label = positionals[0] === 'all' ? 'deploy' : (positionals[0] ?? label);
    const progress = (line: string) => (json ? io.stderr(`${line}\n`) : io.stdout(`${line}\n`));
    const ctx = buildContext({ environment: values.env, image: values.image, stateDir: values['state-dir'], root, env, progress });
    const runs = await runStages(ctx, stages);
    const data = stages.length === 1 ? { ...runs[0]?.result, durationMs: runs[0]?.durationMs } : summarizeDeploy(runs);
    writeGithubOutput(env.GITHUB_OUTPUT, data);
    return finish(io, label, { data });
  } catch (error) {
    const usage = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    return finish(io, label, { error: usage ? new DeliveryError(`${error.message}. See --help.`, DELIVERY_EXIT.usage) : error });
  }
}
