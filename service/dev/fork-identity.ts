import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What a fork renames: the service's name everywhere, and the image repository it pushes to. */
export interface ForkIdentity {
  readonly packageName: string;
  readonly serviceName: string;
  readonly image: string;
}

// Kubernetes names (RFC 1123 labels) are the strictest place the name goes; `-production` and
// `-database` suffixes must still fit in 63 characters, and npm accepts every such name too.
const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
export const SERVICE_NAME_RULE =
  'NAME must be 1-40 characters of a-z, 0-9 and "-", start with a letter and end with a letter or digit (it becomes the npm package, Kubernetes names and namespaces)';

// Docker Hub: user names are 4-30 lowercase letters and digits; repositories as in the distribution spec.
const IMAGE = /^(?:docker\.io\/)?([a-z0-9]{4,30})\/([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)$/;
export const IMAGE_RULE =
  'IMAGE must be <dockerhub-user>/<repository> (user: 4-30 of a-z and 0-9; repository: a-z, 0-9 and single ".", "_" or "-" between them), without a tag or digest';

export function checkServiceName(name: string): string | undefined {
  return SERVICE_NAME.test(name) ? undefined : `${SERVICE_NAME_RULE}; got "${name}".`;
}

/** The image as the manifests spell it, `docker.io/<user>/<repo>`, or undefined when invalid. */
export function normaliseImage(image: string): string | undefined {
  const match = IMAGE.exec(image);
  return match ? `docker.io/${match[1]}/${match[2]}` : undefined;
}

/** Reads the names the checkout carries now, so a second init (or a rename) starts from them. */
export function readCurrentIdentity(root: string): ForkIdentity {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string };
  const base = readFileSync(path.join(root, 'deploy/base/kustomization.yaml'), 'utf8');
  const overlay = readFileSync(path.join(root, 'deploy/overlays/production/kustomization.yaml'), 'utf8');
  const serviceName = /app\.kubernetes\.io\/name:\s*([\w.-]+)/.exec(base)?.[1];
  const image = /newName:\s*(\S+)/.exec(overlay)?.[1];
  if (!serviceName || !image) {
    throw new Error(
      'deploy/base/kustomization.yaml lost its app.kubernetes.io/name label, or deploy/overlays/production its images[].newName; restore them from the template.',
    );
  }
  return { packageName: manifest.name, serviceName, image };
}
