import { DELIVERY_EXIT, DeliveryError } from './delivery-error';

/** An image reference pinned by digest: what a deploy may run and an overlay may name. */
export interface PinnedImage {
  /** Registry host (optional) and path, e.g. docker.io/acme/gitops-service or 127.0.0.1:5000/app. */
  readonly repository: string;
  /** sha256:<64 hex>. */
  readonly digest: string;
  /** repository@digest. */
  readonly reference: string;
}

// The grammar of github.com/distribution/reference, restricted to references without a tag.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const REPOSITORY = new RegExp(`^${HOST}?${COMPONENT}(?:/${COMPONENT})*$`);
const DIGEST = /^sha256:[a-f0-9]{64}$/;

const EXAMPLE = 'docker.io/acme/gitops-service@sha256:<64 hex digits>';

function refuse(image: string, why: string): never {
  throw new DeliveryError(
    `refusing image "${image}": ${why}. Give it pinned by digest, e.g. ${EXAMPLE} (make image-push prints it).`,
    DELIVERY_EXIT.usage,
  );
}

/**
 * Parses `repository@sha256:<hex>`. A tag (`:v1`, `:latest`, or a tag beside the digest) is
 * refused: a tag can move, so what was backed up, rehearsed and migrated might not be what runs.
 */
export function parsePinnedImage(image: string): PinnedImage {
  const trimmed = image.trim();
  if (trimmed === '') refuse(image, 'it is empty');
  const at = trimmed.indexOf('@');
  if (at < 0) refuse(image, 'it has no digest (a tag can move)');
  const repository = trimmed.slice(0, at);
  const digest = trimmed.slice(at + 1);
  if (!DIGEST.test(digest)) refuse(image, `"${digest}" is not sha256: followed by 64 lowercase hex digits`);
  const lastSlash = repository.lastIndexOf('/');
  if (repository.slice(lastSlash + 1).includes(':')) refuse(image, 'it carries a tag beside the digest');
  if (!REPOSITORY.test(repository)) refuse(image, `"${repository}" is not a valid repository name`);
  return { repository, digest, reference: `${repository}@${digest}` };
}
