export const IMAGE_HELP = `Usage: npm run image -- <build|push|smoke> [--json] [--help]

  build   docker build of the Dockerfile            (make image)
  push    log in, tag and push; prints the digest   (make image-push)
  smoke   run the built image on a real engine      (make image-smoke)

Environment (make passes its variables of the same names):
  IMAGE             local image name              default gitops-service:local
  NODE_IMAGE        build: base image             default the Dockerfile's digest-pinned node:24-bookworm-slim
  GIT_SHA           build: commit recorded in the image; push: tag   default git rev-parse HEAD
  DOCKERHUB_USERNAME, DOCKERHUB_TOKEN   push: registry credentials (given to docker login --password-stdin)
  REGISTRY          push: registry host           default docker.io
  IMAGE_REPOSITORY  push: repository              default <DOCKERHUB_USERNAME>/gitops-service
  POSTGRES_IMAGE    smoke: Postgres image for the throwaway database   default postgres:15 (pinned)
  SMOKE_PORT        smoke: PORT the server listens on inside the container   default 8080
  DOCKER            docker client binary          default docker

Output: progress on stderr; on stdout, for push, the line <registry>/<repository>@sha256:<digest>
and one JSON line; --json prints only the JSON line.
Exit codes: 0 done, 1 a step failed (the message names it), 2 bad usage or missing settings.`;
