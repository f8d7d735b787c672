/**
 * The official Postgres 15 image (Debian bookworm), pinned by digest so a test run or a smoke
 * check starts the same server every time. Tag: postgres:15. Override with TEST_POSTGRES_IMAGE
 * (tests) or POSTGRES_IMAGE (image smoke), e.g. for a mirror or a locally built image.
 * Dependabot updates the pin in .github/docker-pins/Dockerfile; `make test` keeps this one equal.
 */
export const POSTGRES_IMAGE = 'postgres:15@sha256:9b1d34adbce1dd07ee6e94b4a2cf698884b89bd44a6c9c12f5da8f3acbfe4957';
