const HOW_TO_FIX =
  'Set TEST_POSTGRES_IMAGE to a Postgres 15 image this engine has or can pull, ' +
  'set TEST_DATABASE_URL to a running server, or run without containers: TEST_DB_PROVIDER=embedded.';

/**
 * Makes sure the Postgres image is on the container runtime before Testcontainers starts, through
 * the runtime's own client (Docker, Podman, a remote DOCKER_HOST alike). A machine whose engine
 * answers but cannot reach a registry stops at once with the fix, not after a pull times out.
 */
export async function ensureContainerImage(image: string): Promise<void> {
  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const name = ImageName.fromString(image);
  if (await client.image.exists(name)) return;
  try {
    await client.image.pull(name);
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).trim().split('\n').slice(-1)[0];
    throw new Error(
      `Testcontainers: the image TEST_POSTGRES_IMAGE=${image} is not on this machine and cannot be pulled (${reason}). ${HOW_TO_FIX}`,
      {
        cause: error,
      },
    );
  }
}
