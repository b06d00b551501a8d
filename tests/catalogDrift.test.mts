/**
 * The Catalogue drift page in Chromium, against the production build wired to the devstack: two
 * Components are registered from the devstack's forge, one owned by a team the catalogue does not
 * have, the other's repository then deleted. A platform-team guest presses "Check now" and sees
 * both reported with their fixes (the page is docs/images/catalog-drift.png); a guest outside the
 * platform team is refused the report.
 * Run after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  type BuiltBackend,
  repoRoot,
  startBuiltBackend,
} from '../scripts/lib/builtBackend.mts';
import {
  type DevstackProcess,
  startDevstackProcess,
} from '../scripts/lib/devstackProcess.mts';
import {
  type GuestSession,
  openGuestSession,
  withFailureShot,
} from './lib/guestChromium.mts';
import { guestToken } from './lib/http.mts';
import { waitForEntity } from '../scripts/lib/runwayApi.mts';
import {
  COLUMNS,
  KIND_LABELS,
  NO_DRIFT_MESSAGE,
  PLATFORM_ONLY_MESSAGE,
} from '../plugins/catalog-drift/src/components/CatalogDriftPage/texts.ts';
import { freePort } from './lib/freePort.mts';

/** Screenshots of failures are named catalog-drift-<what>.png, beside the smoke test's. */
const SHOT = 'catalog-drift-';
/** The page as the documentation shows it. */
const DOCS_IMAGE = path.join(repoRoot, 'docs/images/catalog-drift.png');
/** The devstack forge's token (scripts/lib/devstackProcess.mts). */
const FORGE_TOKEN = 'devstack-token';
const UI_TIMEOUT_MS = 60_000;

/** Its repository is deleted after registration. */
const DELETED = 'legacy-billing';
/** Owned by group:default/billing, which the catalogue does not have. */
const ORPHANED = 'ledger-jobs';

const catalogInfo = (
  name: string,
  owner: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;

describe('the Catalogue drift page in Chromium', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let session: GuestSession | undefined;
  let url: string;
  let token: string;
  /** The first step that failed: the later ones build on it, so they are skipped. */
  let failedStep: string | undefined;

  const step = (name: string, fn: (page: Page) => Promise<void>) =>
    test(name, async t => {
      if (failedStep) {
        t.skip(`an earlier step failed: ${failedStep}`);
        return;
      }
      try {
        await fn(session?.page as Page);
      } catch (error) {
        // A failure after sign-in leaves the page as it was (before it, there is no page).
        await session?.shot(`${SHOT}failure`).catch(() => {});
        failedStep = name;
        throw error;
      }
    });

  /** The forge's REST API, as the bot. */
  const forge = async (method: string, apiPath: string, body?: object) => {
    const res = await fetch(`${devstack!.base}/api/v3${apiPath}`, {
      method,
      headers: {
        Authorization: `token ${FORGE_TOKEN}`,
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    assert.ok(
      res.ok,
      `${method} ${apiPath}: ${res.status} ${await res.text()}`,
    );
  };

  /** A repository on the forge with a catalog-info.yaml, registered in the catalogue. */
  const registerComponent = async (name: string, owner: string) => {
    await forge('POST', '/orgs/acme/repos', { name, auto_init: true });
    await forge('PUT', `/repos/acme/${name}/contents/catalog-info.yaml`, {
      message: 'Describe the service',
      content: Buffer.from(catalogInfo(name, owner)).toString('base64'),
    });
    const res = await fetch(`${url}/api/catalog/locations`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        type: 'url',
        target: `https://${
          devstack!.host
        }/acme/${name}/blob/main/catalog-info.yaml`,
      }),
    });
    assert.equal(res.status, 201, `registering ${name}: ${await res.text()}`);
    await waitForEntity(url, token, `component/default/${name}`);
  };

  /** Starts the built backend with the guest in `team`, and signs in in Chromium. */
  const startAs = async (name: string, team: string) => {
    await session?.close();
    await backend?.stop();
    session = undefined;
    backend = undefined;
    const port = await freePort();
    backend = await startBuiltBackend({
      name,
      port,
      config: {
        ...devstack!.backendConfig,
        auth: {
          providers: {
            guest: {
              ownershipEntityRefs: ['user:development/guest', team],
            },
          },
        },
        // Only "Check now" runs the check here.
        runway: {
          ...(devstack!.backendConfig as { runway: object }).runway,
          catalogDrift: { enabled: false },
        },
      },
    });
    url = backend.url;
    token = await guestToken(url);
    session = await openGuestSession(url, `${SHOT}failure`);
  };

  before(async () => {
    devstack = await startDevstackProcess({
      port: await freePort(),
      smtpPort: await freePort(),
    });
  });

  after(async () => {
    await session?.close();
    await backend?.stop();
    await devstack?.stop();
  });

  test('a guest outside the platform team is refused the report', async () => {
    await startAs('catalog-drift-storefront', 'group:default/storefront');
    await withFailureShot(session!, `${SHOT}refused-failure`, async () => {
      const page = session!.page;
      await openFromMenu(page);
      await page
        .getByText(PLATFORM_ONLY_MESSAGE)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(
        await page.getByRole('button', { name: 'Check now' }).count(),
        0,
        'no Check now for those who may not run it',
      );
      assert.equal(await page.getByRole('table').count(), 0, 'no problems');
      const api = await fetch(`${url}/api/catalog-drift/problems`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(api.status, 403, 'the API refuses them too');
    });
  });

  step(
    'a platform-team guest registers two Components; one repository is then deleted',
    async () => {
      await startAs('catalog-drift-platform', 'group:default/platform');
      await registerComponent(DELETED, 'group:default/payments');
      await registerComponent(ORPHANED, 'group:default/billing');
      await forge('DELETE', `/repos/acme/${DELETED}`);
    },
  );

  step(
    'Check now reports the deleted repository and the vanished owner, each with its fix',
    async page => {
      await openFromMenu(page);
      await page
        .getByText('The check has not run yet; it runs on a schedule, or now.')
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Check now' }).click();

      const deleted = problemRow(
        page,
        DELETED,
        KIND_LABELS['repository-missing'],
      );
      await deleted.waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(
        await cell(deleted, 'Problem').innerText(),
        `Its repository ${
          devstack!.host
        }/acme/${DELETED} does not exist, or Runway's GitHub credentials cannot see it.`,
      );
      assert.match(
        await cell(deleted, 'Fix').innerText(),
        new RegExp(`^If acme/${DELETED} was deleted, unregister the entity;`),
      );

      const orphaned = problemRow(page, ORPHANED, KIND_LABELS['owner-missing']);
      await orphaned.waitFor();
      assert.equal(
        await cell(orphaned, 'Problem').innerText(),
        'spec.owner is "group:default/billing", and the catalogue has no group:default/billing.',
      );
      assert.match(
        await cell(orphaned, 'Fix').innerText(),
        new RegExp(
          // The catalogue records a registered GitHub file as a tree/ URL.
          `^Set spec\\.owner in https://${
            devstack!.host
          }/acme/${ORPHANED}/(blob|tree)/main/catalog-info\\.yaml to an existing team`,
        ),
      );
      // Its repository is there: the only problem of ledger-jobs is its owner.
      assert.equal(await entityRows(page, ORPHANED).count(), 1);
      assert.match(
        await page.getByText(/^Last checked /).innerText(),
        /^Last checked .+/,
      );
      assert.equal(await page.getByText(NO_DRIFT_MESSAGE).count(), 0);

      // Tall enough for the whole report: the demo catalogue's missing repositories are in it too.
      await page.setViewportSize({ width: 1440, height: 1700 });
      fs.mkdirSync(path.dirname(DOCS_IMAGE), { recursive: true });
      await page.screenshot({ path: DOCS_IMAGE });
    },
  );
});

/** Opens the page as a person does, from the menu (which appears once sign-in is done). */
async function openFromMenu(page: Page) {
  await page
    .getByRole('link', { name: 'Catalogue drift' })
    .click({ timeout: UI_TIMEOUT_MS });
  await page.waitForURL(/\/catalog-drift$/);
}

/** Rows of the drift table about the Component `name`. */
const entityRows = (page: Page, name: string): Locator =>
  page
    .getByRole('table', { name: 'Catalogue drift' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: new RegExp(name) }) });

/** The row about Component `name` with problem `kind` (as the page labels it). */
const problemRow = (page: Page, name: string, kind: string): Locator =>
  entityRows(page, name).filter({
    has: page.getByRole('cell', { name: kind, exact: true }),
  });

const cell = (row: Locator, column: string): Locator =>
  row.getByRole('cell').nth(COLUMNS.indexOf(column));
