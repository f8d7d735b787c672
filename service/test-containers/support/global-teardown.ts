import { docker } from '../../src/delivery/docker-cli';

/** Removes the image globalSetup built (never one given through IMAGE). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.CONTAINER_TEST_IMAGE_BUILT === '1' && process.env.CONTAINER_TEST_IMAGE) {
    await docker(['rmi', process.env.CONTAINER_TEST_IMAGE]);
  }
}
