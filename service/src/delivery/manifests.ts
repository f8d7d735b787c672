import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { DeliveryError } from './delivery-error';
import { selectorFindings, type KubeObject } from './manifest-selectors';

const run = promisify(execFile);

export interface OverlayReport {
  readonly overlay: string;
  readonly objects: number;
  readonly images: string[];
  readonly findings: string[];
}

const KUBECTL_HINT =
  'Install kubectl 1.14 or newer, which includes kustomize: https://kubernetes.io/docs/tasks/tools/ ' +
  '(Debian/Ubuntu: the Kubernetes apt repository; macOS: brew install kubectl), or set KUBECTL to its path.';

export function overlaysIn(root: string): string[] {
  const dir = path.join(root, 'deploy', 'overlays');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name));
}

export async function renderOverlay(dir: string, kubectl = process.env.KUBECTL || 'kubectl'): Promise<string> {
  try {
    return (await run(kubectl, ['kustomize', dir], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new DeliveryError(`\`${kubectl}\` was not found on PATH. ${KUBECTL_HINT}`, 2);
    throw new DeliveryError(`kubectl kustomize ${dir} failed: ${(failure.stderr ?? failure.message).trim()}`);
  }
}

export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new DeliveryError(`rendered YAML does not parse: ${document.errors[0]?.message ?? ''}`);
    return document.toJS() as KubeObject;
  });
}

/** The kubernetes-models class for apiVersion/kind: `apps/v1` -> apps/v1/Deployment, `v1` -> v1/ConfigMap. */
function modelFor(apiVersion: string, kind: string): (new (data: object) => { validate(): void }) | undefined {
  if (!/^[a-z0-9.]+(\/v[0-9a-z]+)?$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- one module per kind, loaded on demand
    const module = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, new (data: object) => { validate(): void }>;
    return module[kind];
  } catch {
    return undefined;
  }
}

/** Every error of one object against the Kubernetes OpenAPI schema of its apiVersion and kind. */
export function validateObject(object: KubeObject): string[] {
  const name = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
  const Model = modelFor(object.apiVersion ?? '', object.kind ?? '');
  if (!Model) return [`${name}: no Kubernetes schema for apiVersion ${object.apiVersion ?? '(none)'} kind ${object.kind ?? '(none)'}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
}

type PodSpec = { containers?: { image?: string }[]; initContainers?: { image?: string }[] };

function podSpecOf(object: KubeObject): PodSpec | undefined {
  const spec = object.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  if (object.kind === 'Pod') return object.spec;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

export function imagesOf(object: KubeObject): string[] {
  const pod = podSpecOf(object);
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])].map((container) => container.image ?? '');
}

export const DIGEST_PINNED = /^[^@\s]+@sha256:[0-9a-f]{64}$/;

export async function checkOverlay(dir: string): Promise<OverlayReport> {
  const objects = parseObjects(await renderOverlay(dir));
  const findings = [...objects.flatMap(validateObject), ...selectorFindings(objects)];
  const images = objects.flatMap(imagesOf);
  for (const image of images) {
    if (!DIGEST_PINNED.test(image)) findings.push(`image ${JSON.stringify(image)} is not pinned by digest (<repository>@sha256:<64 hex>)`);
  }
  return { overlay: path.basename(dir), objects: objects.length, images, findings };
}
