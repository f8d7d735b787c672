import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeliveryError } from '../delivery/delivery-error';
import { checkOverlay, overlaysIn, type OverlayReport } from '../delivery/manifests';

const HELP = `Usage: npm run manifests -- [--json] [--help]        (make manifests)

Renders each deploy/overlays/<env> with \`kubectl kustomize\`, validates every rendered object
against the Kubernetes OpenAPI schemas (kubernetes-models), and checks that every container
image is pinned by digest (<repository>@sha256:<64 hex>).

Environment: KUBECTL (kubectl binary, default kubectl; 1.14 or newer includes kustomize).
Exit codes: 0 all overlays pass, 1 a finding (listed), 2 kubectl missing or bad usage.`;

const ROOT = path.resolve(__dirname, '../../..').replace(/[\\/]dist$/, '');

function describe(report: OverlayReport): string[] {
  const head = `${report.overlay}: ${report.objects} objects, ${report.images.length} images`;
  if (report.findings.length === 0) return [`${head}: valid, every image pinned by digest`];
  return [`${head}: ${report.findings.length} finding(s)`, ...report.findings.map((finding) => `  - ${finding}`)];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const reports: OverlayReport[] = [];
  for (const overlay of overlaysIn(ROOT)) reports.push(await checkOverlay(overlay));
  const failed = reports.some((report) => report.findings.length > 0);
  if (values.json) process.stdout.write(`${JSON.stringify({ ok: !failed, overlays: reports })}\n`);
  else for (const line of reports.flatMap(describe)) process.stdout.write(`${line}\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known = error instanceof DeliveryError;
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    process.stderr.write(`manifests: ${(error as Error).message}${usage ? `\n\n${HELP}` : ''}\n`);
    process.exitCode = known ? error.exitCode : usage ? 2 : 1;
  },
);
