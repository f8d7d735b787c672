import { randomBytes } from 'node:crypto';
import { assertEngineAnswers, docker } from '../../src/delivery/docker-cli';
import { buildImage } from '../../src/delivery/image-build';
import { REPOSITORY_ROOT } from '../../test/support/compiled';

/**
 * Stops at once, with how to start one, when no Docker engine answers; then builds the
 * project's image once (unless IMAGE names one already built) for every test file to use.
 */
export default async function globalSetup(): Promise<void> {
  await assertEngineAnswers().catch((error: Error) => {
    throw new Error(`make test-containers needs a Docker engine: ${error.message}`);
  });
  const given = process.env.IMAGE;
  if (given) {
    const found = await docker(['image', 'inspect', given]);
    if (found.code !== 0)
      throw new Error(`IMAGE=${given} is not a local image: build it with \`make image IMAGE=${given}\` or leave IMAGE unset.`);
    process.env.CONTAINER_TEST_IMAGE = given;
    process.stdout.write(`\nContainer tests use IMAGE=${given}\n`);
    return;
  }
  const image = `gitops-service:test-${randomBytes(4).toString('hex')}`;
  const built = await buildImage({ image, nodeImage: process.env.NODE_IMAGE, context: REPOSITORY_ROOT });
  process.env.CONTAINER_TEST_IMAGE = image;
  process.env.CONTAINER_TEST_IMAGE_BUILT = '1';
  process.stdout.write(`\nContainer tests built ${image} in ${built.seconds} s (${Math.round(built.sizeBytes / 1e6)} MB)\n`);
}
