import { loadOpenApiDocument } from '../../src/http/openapi';
import { listenOnFreePort, type ListeningApp } from '../support/listening-app';
import { launchChromium, type HeadlessBrowser } from '../support/chromium';
import { subjectResource } from '../support/subject-resource';
import { useTestApp } from '../support/test-app';

// How a compose stack or a cluster-internal URL is opened: plain HTTP on a name that is not localhost.
const HOST = 'api.test';

// Swagger UI gives each operation the element id operations-<tag>-<operationId> (spaces as _).
function operationElementId(path: string, method: string): string {
  const operation: { tags?: string[]; operationId?: string } | undefined = loadOpenApiDocument().paths[path]?.[method];
  const tag = operation?.tags?.[0];
  if (!tag || !operation?.operationId) {
    throw new Error(`${method.toUpperCase()} ${path} needs a tag and an operationId for Swagger UI to show it`);
  }
  return `operations-${tag}-${operation.operationId}`.replace(/\s/g, '_');
}

describe('Swagger UI in a real browser', () => {
  const ctx = useTestApp();
  const subject = subjectResource();
  let listening: ListeningApp | undefined;
  let port: number;
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    listening = await listenOnFreePort(ctx.app);
    port = listening.port;
    browser = await launchChromium(`MAP ${HOST} 127.0.0.1`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await listening?.close();
  });

  test(`When /docs is opened over plain HTTP on ${HOST} and create is tried out, then it answers 201 with no console error`, async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));

    await page.goto(`http://${HOST}:${port}/docs/`);
    const create = page.locator(`#${operationElementId(subject.collectionPath, 'post')}`);
    await create.locator('.opblock-summary').click();
    await create.getByRole('button', { name: 'Try it out' }).click();
    await create.getByRole('button', { name: 'Execute' }).click();
    const status = create.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });

    expect((await status.innerText()).trim()).toBe('201');
    expect(problems).toEqual([]);
    // One row, holding the examples the document gives: what Swagger UI put in the body.
    const [rows] = (await ctx.db.sequelize.query(`SELECT id FROM "${subject.table}"`)) as [Array<{ id: number }>, unknown];
    expect(rows).toHaveLength(1);
    const stored = await ctx.api.get(subject.itemPath(rows[0]?.id ?? 0));
    expect(stored.body).toMatchObject(subject.exampleBody());
  }, 60_000);
});
