import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

// CHROMIUM_PATH, else Debian's headless shell, else a full Chromium; the tests never download a browser.
// The headless shell is Chromium's own engine without the browser around it (what Playwright runs for
// headless by default): the Swagger UI test costs 4.7-4.9 CPU-s of browser with it, 8.3-8.8 with
// the full browser in its new headless mode.
// Debian's /usr/bin/chromium-headless-shell is a shell script that starts the binary without exec.
const CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, ...CANDIDATES].filter(Boolean) as string[];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `No Chromium found for the browser tests (looked at CHROMIUM_PATH, ${CANDIDATES.join(', ')}). ` +
      "Install it with `sudo apt-get install chromium-headless-shell` (Debian) or your system's Chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

export interface HeadlessBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; hostRules maps made-up host names to local addresses. */
export async function launchChromium(hostRules: string): Promise<HeadlessBrowser> {
  const executablePath = chromiumExecutable();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${hostRules}`,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
