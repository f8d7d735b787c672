export const DEPLOY_HELP = `Usage: npm run deploy -- <stage> --env ENV --image REPOSITORY@sha256:DIGEST [options]
       (make deploy ENV=staging IMAGE=...; make deploy-backup | deploy-rehearse | deploy-migrate | deploy-promote)

Stages, in this order; each needs the state the one before left in the state directory:
  backup     pg_dump DATABASE_URL with the backup tool, proven by a full restore (backup/, backup.json)
  rehearse   restore that backup into a throwaway database, plan + lint + apply the image's migrations there
             (rehearsal.json, rehearsal-report.json); lint errors stop here
  migrate    docker run IMAGE node dist/service/src/cli/migrate.js up --backup-id <id> against DATABASE_URL
  promote    write IMAGE into deploy/overlays/ENV/kustomization.yaml on the GitOps remote, commit, push
  all        the four in order under one deploy lock, stopping at the first failure

Options:
  --env ENV          environment (an overlay under deploy/overlays/)
  --image REF        the image, pinned by digest (a tag is refused)
  --state-dir DIR    where stages hand over (env DEPLOY_STATE_DIR; default .deploy/ENV)
  --json             progress on stderr; stdout is only the closing JSON line
  -h, --help         this help

Environment:
  DATABASE_URL         the environment's database (required)
  DEPLOY_VERIFY_URL    server on which the backup is proven by restore (default: DATABASE_URL's server)
  DEPLOY_LOCK_WAIT_MS  how long to wait for another deploy of ENV to finish (default 0: refuse at once)
  DEPLOY_DOCKER_NETWORK  docker network for the migrate container (default: host for a local database)
  GITOPS_REMOTE        git remote URL or path holding the overlays (default: this checkout's origin)
  GITOPS_BRANCH        branch to push the overlay commit to (default main)
  GITOPS_TOKEN         token for an HTTPS GitOps remote, sent as a header (never in the URL or a log)
  PROMOTE_COMMAND      promote with this bash command instead (gets DEPLOY_ENVIRONMENT, DEPLOY_IMAGE, DEPLOY_BACKUP_ID)
  GITHUB_OUTPUT        when set (GitHub Actions), the closing JSON's scalar fields are also written there

Every run ends with one JSON line: {"stage", "ok", ...} with the backup id and file, the lint result,
the migrations applied and the overlay commit. Exit codes: 0 done, 1 failed, 2 bad usage, 3 another
deploy holds the lock, 4 backup failed or unproven, 5 lint or the rehearsal failed, 6 an earlier stage
has not run. How the pipeline uses them: docs/workflows.md`;

export const PROMOTE_HELP = `Usage: npm run promote -- --env ENV --image REPOSITORY@sha256:DIGEST [--json]
       (make promote ENV=staging IMAGE=docker.io/acme/gitops-service@sha256:...)

Writes the image into deploy/overlays/ENV/kustomization.yaml of this checkout (newName and digest of
its images: entry; comments and key order stay). Refuses a tag or a malformed digest. It does not
commit: the deploy's promote stage commits and pushes. Exit codes: 0 done, 1 failed, 2 bad usage.`;
