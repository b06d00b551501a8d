/** A guest signed in to a running Runway app in Chromium, leaving screenshots in .runway/screenshots. */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../scripts/lib/builtBackend.mts';
import { launchChromium } from './browser.mts';

const screenshots = path.join(repoRoot, '.runway/screenshots');

export interface GuestSession {
  page: Page;
  /** Saves the page as .runway/screenshots/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Signs in as guest in a fresh Chromium; a failed sign-in leaves a screenshot named `failureShot`. */
export async function openGuestSession(
  url: string,
  failureShot: string = 'failure',
): Promise<GuestSession> {
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  fs.mkdirSync(screenshots, { recursive: true });
  const session: GuestSession = {
    page,
    shot: async name => {
      await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
    },
    close: () => browser.close(),
  };
  try {
    await withFailureShot(session, failureShot, async () => {
      await page.goto(url);
      const enter = page.getByRole('button', { name: /enter/i });
      await enter.click();
      // Signed in once the sign-in page has gone: a test that navigates before would meet it again.
      await enter.waitFor({ state: 'detached' });
    });
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/** Runs `steps`; on failure leaves a screenshot named `name` and says where. */
export async function withFailureShot(
  session: GuestSession,
  name: string,
  steps: () => Promise<void>,
): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await session.shot(name).catch(() => {});
    throw new Error(
      `${
        (error as Error).message
      }\n(screenshot: .runway/screenshots/${name}.png)`,
      { cause: error },
    );
  }
}

/** Signs in as guest in a fresh Chromium, runs `steps` and closes it; on failure leaves failure.png. */
export async function asGuestInChromium(
  url: string,
  steps: (page: Page, shot: (name: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const session = await openGuestSession(url);
  try {
    await withFailureShot(session, 'failure', () =>
      steps(session.page, session.shot),
    );
  } finally {
    await session.close();
  }
}

/**
 * `step(name, fn)` for a flow whose steps build on each other: each is one node:test test run
 * on the session's page, leaving `failureShot` when it fails; after a failure the later steps
 * are skipped, saying which step failed.
 */
export function dependentSteps(
  session: () => GuestSession | undefined,
  failureShot: string,
) {
  let failedStep: string | undefined;
  return (name: string, fn: (page: Page) => Promise<void>) =>
    test(name, async t => {
      if (failedStep) {
        t.skip(`an earlier step failed: ${failedStep}`);
        return;
      }
      try {
        await withFailureShot(session()!, failureShot, () =>
          fn(session()!.page),
        );
      } catch (error) {
        failedStep = name;
        throw error;
      }
    });
}
