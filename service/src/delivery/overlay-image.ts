import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { DeliveryError } from './delivery-error';
import type { PinnedImage } from './image-ref';

export interface OverlayChange {
  readonly file: string;
  /** False when the overlay already named exactly this image. */
  readonly changed: boolean;
  readonly previous: { readonly newName?: string; readonly digest?: string };
}

const ENVIRONMENT = /^[a-z0-9][a-z0-9-]*$/;

/** deploy/overlays/<env>/kustomization.yaml under `root`; the name must be a plain folder name. */
export function overlayFile(root: string, environment: string): string {
  if (!ENVIRONMENT.test(environment)) {
    throw new DeliveryError(`"${environment}" is not an environment name (lowercase letters, digits and dashes, e.g. staging).`);
  }
  return path.join(root, 'deploy', 'overlays', environment, 'kustomization.yaml');
}

/** The one `images:` entry the deploy owns: the only one, or the one already naming this repository. */
function imageEntry(doc: ReturnType<typeof parseDocument>, image: PinnedImage, file: string): YAMLMap {
  const images: unknown = doc.get('images');
  const entries = isSeq(images) ? images.items.filter(isMap) : [];
  if (entries.length === 1 && entries[0]) return entries[0];
  const same = entries.filter((entry) => entry.get('newName') === image.repository);
  if (same.length === 1 && same[0]) return same[0];
  const why =
    entries.length === 0 ? 'has no images: entry' : `has ${entries.length} images: entries and none names ${image.repository} alone`;
  throw new DeliveryError(`${file} ${why}; add one entry (name: the base image name, newName, digest) and run again.`);
}

/**
 * Rewrites the image of an overlay through the yaml document model, so comments, key order and
 * quoting of everything else stay as people wrote them; only newName and digest change (newTag goes).
 */
export function setOverlayImage(
  text: string,
  image: PinnedImage,
  file = 'kustomization.yaml',
): { text: string; changed: boolean; previous: OverlayChange['previous'] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new DeliveryError(`${file} is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const entry = imageEntry(doc, image, file);
  const previous = { newName: entry.get('newName') as string | undefined, digest: entry.get('digest') as string | undefined };
  const changed = previous.newName !== image.repository || previous.digest !== image.digest || entry.has('newTag');
  entry.set('newName', image.repository);
  entry.set('digest', image.digest);
  entry.delete('newTag');
  return { text: changed ? doc.toString() : text, changed, previous };
}

/** `make promote`: writes the image into deploy/overlays/<env>/kustomization.yaml under `root`. */
export async function promoteOverlay(root: string, environment: string, image: PinnedImage): Promise<OverlayChange> {
  const file = overlayFile(root, environment);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new DeliveryError(`${path.relative(root, file)} does not exist: is "${environment}" an environment of this repository?`);
  });
  const result = setOverlayImage(text, image, path.relative(root, file));
  if (result.changed) await writeFile(file, result.text);
  return { file, changed: result.changed, previous: result.previous };
}
