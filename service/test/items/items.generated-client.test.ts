import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ts from 'typescript';
import { createHttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import { REPOSITORY_ROOT } from '../support/compiled';
import { testConfig, useTestApp } from '../support/test-app';

// tsconfig.json and eslint.config.mjs leave *.scenario.ts alone: the types it imports exist only
// while this test runs.
const SCENARIO = path.join(__dirname, 'items-client.scenario.ts');

// openapi-typescript's CLI, as people run it (its dependencies are ESM, which jest's loader refuses).
function generateTypes(documentFile: string, outFile: string): void {
  const cli = path.join(REPOSITORY_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  execFileSync(process.execPath, [cli, documentFile, '--output', outFile], { stdio: 'pipe' });
}

function typeErrors(file: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'],
    skipLibCheck: true,
  };
  const program = ts.createProgram([file], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (diagnostic) =>
        `${path.basename(diagnostic.file?.fileName ?? '')}:${diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
}

// The client people generate from /openapi.json: openapi-typescript types, openapi-fetch calls.
describe('An items client generated from /openapi.json', () => {
  const ctx = useTestApp();
  let server: Server;
  let baseUrl: string;
  let workDir: string;

  beforeAll(async () => {
    server = createHttpServer(ctx.app, {
      bodyLimitBytes: testConfig.bodyLimitBytes,
      logger: createLogger({ logLevel: 'silent', logPretty: false }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Inside the repository, so the generated module resolves openapi-fetch from node_modules.
    mkdirSync(path.join(REPOSITORY_ROOT, '.reports'), { recursive: true });
    workDir = mkdtempSync(path.join(REPOSITORY_ROOT, '.reports', 'generated-client-'));
  });
  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('When types are generated from the served document, then the scenario type-checks and drives every operation', async () => {
    writeFileSync(path.join(workDir, 'openapi.json'), await (await fetch(`${baseUrl}/openapi.json`)).text());
    generateTypes(path.join(workDir, 'openapi.json'), path.join(workDir, 'items-api.d.ts'));
    const scenario = path.join(workDir, 'items-client.scenario.ts');
    copyFileSync(SCENARIO, scenario);

    expect(typeErrors(scenario)).toEqual([]);

    const { runScenario } = jest.requireActual<{
      runScenario: (url: string) => Promise<Record<string, { status: number; data?: unknown }>>;
    }>(scenario);
    const steps = await runScenario(baseUrl);

    expect(steps.created).toMatchObject({
      status: 201,
      data: { name: 'made by a generated client', priceCents: 250, quantity: 0, description: null },
    });
    expect(steps.read).toMatchObject({ status: 200, data: steps.created?.data });
    expect(steps.firstPage?.status).toBe(200);
    expect(steps.nextPage?.status).toBe(200);
    expect(steps.replaced).toMatchObject({ status: 200, data: { name: 'replaced', priceCents: 300, quantity: 0 } });
    expect(steps.patched).toMatchObject({ status: 200, data: { name: 'replaced', quantity: 7 } });
    expect(steps.removed?.status).toBe(204);
    expect(steps.missing?.status).toBe(404);
    expect(steps.invalid).toMatchObject({ status: 400, data: 'priceCents' });
  }, 60_000);
});
