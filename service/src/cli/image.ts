import path from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGE_HELP } from './image/help';
import { DeliveryError } from '../delivery/delivery-error';
import { assertEngineAnswers } from '../delivery/docker-cli';
import { buildImage, currentGitSha, DEFAULT_IMAGE } from '../delivery/image-build';
import { credentialsFrom, DOCKER_HUB, pushImage } from '../delivery/image-push';
import { smokeImage } from '../delivery/image-smoke';

const ROOT = path.resolve(__dirname, '../../..').replace(/[\\/]dist$/, '');

// make passes unset variables as empty strings: treat those as unset.
const env = (name: string): string | undefined => process.env[name] || undefined;

function print(json: boolean, human: string[], data: object): void {
  if (!json) for (const line of human) process.stdout.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify(data)}\n`);
}

async function build(json: boolean): Promise<void> {
  const result = await buildImage({
    image: env('IMAGE') ?? DEFAULT_IMAGE,
    nodeImage: env('NODE_IMAGE'),
    gitSha: env('GIT_SHA'),
    context: ROOT,
  });
  const megabytes = Math.round(result.sizeBytes / 1e6);
  print(json, [`built ${result.image} (${result.id.slice(0, 19)}) in ${result.seconds} s, ${megabytes} MB`], { step: 'build', ...result });
}

async function push(json: boolean): Promise<void> {
  const { username, token } = credentialsFrom(process.env);
  const tag = env('GIT_SHA') ?? (currentGitSha(ROOT) || 'latest');
  const result = await pushImage({
    image: env('IMAGE') ?? DEFAULT_IMAGE,
    registry: env('REGISTRY') ?? DOCKER_HUB,
    repository: env('IMAGE_REPOSITORY'),
    tag,
    username,
    token,
  });
  process.stderr.write(`pushed ${result.repository}:${result.tag} in ${result.seconds} s\n`);
  print(json, [result.reference], { step: 'push', ...result });
}

async function smoke(json: boolean): Promise<void> {
  const figures = await smokeImage({
    image: env('IMAGE') ?? DEFAULT_IMAGE,
    postgresImage: env('POSTGRES_IMAGE'),
    port: Number(env('SMOKE_PORT') ?? 8080),
    progress: (line) => process.stderr.write(`  ${line}\n`),
  });
  const human = ['image smoke passed:', ...Object.entries(figures).map(([key, value]) => `  ${key}: ${String(value)}`)];
  print(json, human, { step: 'smoke', ...figures });
}

const COMMANDS: Record<string, (json: boolean) => Promise<void>> = { build, push, smoke };

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help) {
    process.stdout.write(`${IMAGE_HELP}\n`);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run || positionals.length > 1) {
    process.stderr.write(`${command ? `unknown command ${JSON.stringify(positionals.join(' '))}` : 'no command given'}\n\n${IMAGE_HELP}\n`);
    return 2;
  }
  await assertEngineAnswers();
  await run(values.json === true);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known = error instanceof DeliveryError;
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    const text = known || usage ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`image: ${text}${usage ? `\n\n${IMAGE_HELP}` : ''}\n`);
    process.exitCode = known ? error.exitCode : usage ? 2 : 1;
  },
);
