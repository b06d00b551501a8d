/**
 * The ephemeral-environments UI in Chromium, against the production build wired to the devstack:
 * a guest creates an environment with the real template, sees it provisioning until the devstack's
 * Argo CD reports it Healthy, then sees, extends (by button and by an expiry warning's link), finds
 * it on its component and destroys it, each change checked through the API and in the devstack's
 * platform-config; one on a branch that does not exist ends failed, its page saying why.
 * Run by scripts/test after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator, Page } from 'playwright-core';
import {
  type BuiltBackend,
  startBuiltBackend,
} from '../scripts/lib/builtBackend.mts';
import {
  type DevstackProcess,
  startDevstackProcess,
} from '../scripts/lib/devstackProcess.mts';
import { assertAccessible } from './lib/axe.mts';
import {
  type GuestSession,
  openGuestSession,
  dependentSteps,
} from './lib/guestChromium.mts';
import { getJson, guestToken } from './lib/http.mts';
import { runTemplate, waitForEntity } from '../scripts/lib/runwayApi.mts';
import { ENVIRONMENT_COLUMNS as COLUMNS } from '../plugins/environments/src/components/EnvironmentsTable/columns.ts';

const ENV = 'ui-demo';
/** An environment whose service branch does not exist: Argo CD reports it Degraded. */
const BROKEN = 'ui-broken';
const SERVICE_URL = `https://cart-service.${ENV}.env.acme.example`;
const DAY_MS = 86_400_000;
/** Screenshots are named environments-<what>.png, beside the smoke test's. */
const SHOT = 'environments-';

interface EnvironmentView {
  name: string;
  state: string;
  failureReason?: string;
  expiresAt: string;
  lastActivityAt: string;
  costSoFar: number;
  projectedCost: number;
  currency: string;
}

describe('ephemeral environments in Chromium', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let session: GuestSession | undefined;
  let token: string;
  let url: string;
  /** One step of the flow; a failure leaves the failure screenshot and skips the rest. */
  const step = dependentSteps(() => session, `${SHOT}failure`);

  const environment = (name = ENV): Promise<EnvironmentView> =>
    getJson(url, token, `/api/environments/environments/${name}`);

  /** Waits until the health watcher has decided: the environment left `provisioning`. */
  const decided = async (name: string): Promise<EnvironmentView> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const env = await environment(name);
      if (env.state !== 'provisioning') return env;
      assert.ok(Date.now() < deadline, `${name} is still provisioning`);
      await sleep(250);
    }
  };

  /** The forge's REST API as the devstack's own token. */
  const forge = (path: string, method = 'GET', body?: object) =>
    fetch(`${devstack!.base}/api/v3${path}`, {
      method,
      headers: {
        Authorization: 'token devstack-token',
        'Content-Type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });

  /**
   * cart-service's repository with a deploy/ folder on main (the devstack seeds the demo
   * repositories; made here when it did not) and the branch `ui` from main, for Argo CD to sync.
   */
  const cartServiceRepository = async () => {
    if ((await forge('/repos/acme/cart-service')).status === 404) {
      await forge('/orgs/acme/repos', 'POST', { name: 'cart-service' });
    }
    const deploy = '/repos/acme/cart-service/contents/deploy';
    if ((await forge(deploy)).status === 404) {
      const put = await forge(`${deploy}/deployment.yaml`, 'PUT', {
        message: 'Deployment',
        content: Buffer.from(
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart-service\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: cart-service }\n  template:\n    metadata: { labels: { app: cart-service } }\n    spec:\n      containers: [{ name: app, image: "ghcr.io/acme/cart-service:1.0.0" }]\n',
        ).toString('base64'),
      });
      assert.ok(
        put.ok,
        `deploy/ committed to acme/cart-service (${put.status})`,
      );
    }
    const main = (await (
      await forge('/repos/acme/cart-service/branches/main')
    ).json()) as { commit: { sha: string } };
    const branch = await forge('/repos/acme/cart-service/git/refs', 'POST', {
      ref: 'refs/heads/ui',
      sha: main.commit.sha,
    });
    assert.ok(
      branch.ok,
      `branch ui made in acme/cart-service (${branch.status})`,
    );
  };

  /** GET contents/environments/ui-demo on the devstack: 200 while the folder exists, else 404. */
  const platformConfigStatus = async () => {
    const res = await fetch(
      `${
        devstack!.base
      }/api/v3/repos/acme/platform-config/contents/environments/${ENV}`,
      { headers: { Authorization: 'token devstack-token' } },
    );
    return res.status;
  };

  before(async () => {
    devstack = await startDevstackProcess({ port: 7173, smtpPort: 7127 });
    await cartServiceRepository();
    const config = devstack.backendConfig as { runway: object };
    backend = await startBuiltBackend({
      name: 'environments',
      port: 7104,
      config: {
        ...config,
        runway: {
          ...config.runway,
          // This devstack's Argo CD stand-in, asked every second rather than ten.
          environments: {
            argocd: {
              url: `${devstack.base}/argocd`,
              healthInterval: { seconds: 1 },
            },
          },
        },
      },
    });
    url = backend.url;
    token = await guestToken(url);
    await waitForEntity(url, token, 'template/default/ephemeral-environment');
    await waitForEntity(url, token, 'component/default/cart-service');
    session = await openGuestSession(url, `${SHOT}failure`);
  });

  after(async () => {
    await session?.close();
    await backend?.stop();
    await devstack?.stop();
  });

  step(
    'the guest creates ui-demo with the ephemeral-environment template',
    async () => {
      await runTemplate(url, token, 'template:default/ephemeral-environment', {
        name: ENV,
        type: 'feature',
        owner: 'group:default/storefront',
        lifetimeDays: 2,
        services: [
          { entityRef: 'component:default/cart-service', branch: 'ui' },
        ],
      });
      // Delivered, but ready only when Argo CD says all its Applications are Healthy.
      assert.equal((await environment()).state, 'provisioning');
      assert.equal((await decided(ENV)).state, 'active');
      assert.equal(
        await platformConfigStatus(),
        200,
        `platform-config holds environments/${ENV}/`,
      );
    },
  );

  step(
    'the home page shows ui-demo under My environments, with its time left',
    async page => {
      await page.goto(`${url}/`);
      const card = page.getByRole('table', { name: 'My environments' });
      const row = card
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: ENV }) });
      await row.waitFor();
      assert.match(await row.innerText(), /active/);
      // Two days' lifetime: the countdown shows a day and some hours.
      assert.match(await row.innerText(), /\b1d \d+h \d+m\b/);
      await assertAccessible(page, '/ with ui-demo');
      await session!.shot(`${SHOT}home`);
    },
  );

  step(
    'the environment form lists the branches of the service picked, from its repository',
    async page => {
      await page.goto(`${url}/create/templates/default/ephemeral-environment`);
      await page.getByRole('textbox', { name: 'Name' }).fill('ui-branches');
      await page.getByRole('textbox', { name: 'Owner team' }).click();
      await page
        .getByRole('option', { name: /storefront/i })
        .first()
        .click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('What runs in it').first().waitFor();
      await page.getByRole('button', { name: /add/i }).first().click();
      await page.locator('#root_services_0_entityRef').click();
      await page
        .getByRole('option', { name: /^cart service$/i })
        .first()
        .click();
      await page.getByText('Branches of acme/cart-service').waitFor();
      const branch = page.locator('#root_services_0_branch');
      // Its list opens as a combobox's does, with the arrow key.
      await branch.click();
      await branch.press('ArrowDown');
      const options = page.getByRole('listbox').getByRole('option');
      await options.first().waitFor();
      const names = await options.allInnerTexts();
      assert.equal(names[0], 'main', 'the default branch first');
      assert.ok(names.includes('ui'), `the ui branch is listed (${names})`);
      await page.getByRole('option', { name: 'ui', exact: true }).click();
      assert.equal(await branch.inputValue(), 'ui');
    },
  );

  step(
    '/environments lists ui-demo with its owner, services, URL, countdown and cost',
    async page => {
      await page.goto(`${url}/environments`);
      assert.equal(
        await page
          .getByRole('tab', { name: 'Mine' })
          .getAttribute('aria-selected'),
        'true',
        'the list opens on Mine',
      );
      const row = environmentRow(page);
      await row.waitFor({ timeout: 30_000 });
      const env = await environment();

      assert.equal(await cell(row, 'Type').innerText(), 'feature');
      assert.equal(await cell(row, 'State').innerText(), 'active');
      const owner = cell(row, 'Owner team').getByRole('link');
      assert.equal(
        await owner.getAttribute('href'),
        '/catalog/default/group/storefront',
      );
      // Entity links show the ref first, then the entity's title once the catalogue answers.
      await owner.filter({ hasText: /^Storefront Team$/ }).waitFor();
      const service = cell(row, 'Services');
      assert.equal(
        await service.getByRole('link').getAttribute('href'),
        '/catalog/default/component/cart-service',
      );
      await service
        .getByRole('link')
        .filter({ hasText: /^Cart Service$/ })
        .waitFor();
      assert.equal(await service.locator('code').innerText(), 'ui');
      const serviceLink = cell(row, 'URLs').getByRole('link', {
        name: SERVICE_URL,
      });
      assert.equal(await serviceLink.getAttribute('href'), SERVICE_URL);
      assert.match(await cell(row, 'URLs').innerText(), /^cart-service: /);

      await countdownNear(cell(row, 'Time left'), env.expiresAt);
      const left = parseCountdown(await cell(row, 'Time left').innerText());
      assert.ok(
        left > 2 * DAY_MS - 10 * 60_000 && left <= 2 * DAY_MS,
        `about 2 days left (${left} ms)`,
      );
      // Minutes only while more than a day is left: its ticking shows once a minute, not asserted here.
      assert.match(await cell(row, 'Time left').innerText(), /^1d 23h \d+m$/);

      const cost = await cell(row, 'Cost').innerText();
      assert.match(cost, /^\$\d+\.\d{2} so far\n/);
      assert.ok(env.projectedCost > 0, 'a feature environment costs something');
      assert.match(
        cost,
        new RegExp(`\\n\\$${env.projectedCost.toFixed(2)} projected$`),
      );
      assert.equal(env.currency, 'USD');

      // The guest is in the storefront team, so My team lists it too.
      await page.getByRole('tab', { name: 'My team' }).click();
      await page.waitForURL(/[?&]filter=team/);
      await row.waitFor();
      // Showback: the team's cost this month, from GET /cost, beside the list.
      const storefront = page
        .getByRole('table', { name: /^Cost in .+ so far$/ })
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: 'Storefront Team' }) });
      await storefront.waitFor({ timeout: 15_000 });
      assert.match(
        await storefront.getByRole('cell').nth(1).innerText(),
        /^[1-9]\d*$/,
        'at least ui-demo counts for storefront this month',
      );
      await session!.shot(`${SHOT}team-cost`);
      await page.getByRole('tab', { name: 'Mine' }).click();
      await row.waitFor();
      await page.mouse.move(0, 0);
      await assertAccessible(page, '/environments with ui-demo');
      await session!.shot(`${SHOT}list`);
    },
  );

  step('Extend +7 days moves the expiry 7 days later', async page => {
    const before = await environment();
    const row = environmentRow(page);
    await row.getByRole('button', { name: `Extend ${ENV} by 7 days` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Extended ${ENV} by 7 days: it now expires` })
      .waitFor();
    const after = await environment();
    assert.equal(
      Date.parse(after.expiresAt) - Date.parse(before.expiresAt),
      7 * DAY_MS,
    );
    await countdownNear(cell(row, 'Time left'), after.expiresAt);
    assert.match(await cell(row, 'Time left').innerText(), /^8d 23h \d+m$/);
  });

  step(
    "an expiry warning's link /environments/ui-demo?extend=1 extends by a day after confirming",
    async page => {
      const before = await environment();
      await page.goto(`${url}/environments/${ENV}?extend=1`);
      const dialog = page.getByRole('dialog', {
        name: `Extend ${ENV} by 1 day?`,
      });
      await dialog
        .getByText(/^Extended, it expires /)
        .waitFor({ timeout: 15_000 });
      assert.match(
        await dialog.innerText(),
        new RegExp(`${ENV} expires .+ \\(8d 23h \\d+m\\)\\.`),
      );
      await assertAccessible(
        page,
        '/environments/ui-demo with its extend dialog',
      );
      await session!.shot(`${SHOT}extend-dialog`);
      await dialog.getByRole('button', { name: 'Extend', exact: true }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: `Extended ${ENV} by 1 day: it now expires` })
        .waitFor();
      await dialog.waitFor({ state: 'hidden' });
      assert.doesNotMatch(page.url(), /extend=/, 'a reload does not ask again');
      const after = await environment();
      assert.equal(
        Date.parse(after.expiresAt) - Date.parse(before.expiresAt),
        DAY_MS,
      );
      const summary = page.getByRole('table', { name: `Environment ${ENV}` });
      // MUI renders the label as <th role="cell">: the value is the row's second cell.
      const timeLeft = summary
        .getByRole('row', { name: /^Time left / })
        .getByRole('cell')
        .nth(1);
      await countdownNear(timeLeft, after.expiresAt);
    },
  );

  step(
    "an idle warning's link /environments/ui-demo?keepAlive=1 keeps it alive after confirming",
    async page => {
      const before = await environment();
      await page.goto(`${url}/environments/${ENV}?keepAlive=1`);
      const dialog = page.getByRole('dialog', { name: `Keep ${ENV} alive?` });
      await dialog.waitFor({ timeout: 15_000 });
      await dialog
        .getByRole('button', { name: 'Keep alive', exact: true })
        .click();
      await page
        .getByRole('alert')
        .filter({ hasText: `Kept ${ENV} alive` })
        .waitFor();
      assert.doesNotMatch(
        page.url(),
        /keepAlive=/,
        'a reload does not ask again',
      );
      const after = await environment();
      assert.ok(
        Date.parse(after.lastActivityAt) > Date.parse(before.lastActivityAt),
        'the keep-alive moved the last activity',
      );
    },
  );

  step(
    'an environment on a branch that does not exist ends failed, and its page says why',
    async page => {
      await runTemplate(url, token, 'template:default/ephemeral-environment', {
        name: BROKEN,
        type: 'feature',
        owner: 'group:default/storefront',
        lifetimeDays: 1,
        services: [
          {
            entityRef: 'component:default/cart-service',
            branch: 'no-such-branch',
          },
        ],
      });
      const env = await decided(BROKEN);
      assert.equal(env.state, 'failed');
      assert.match(env.failureReason ?? '', /no-such-branch/);

      await page.goto(`${url}/environments/${BROKEN}`);
      const why = page.getByRole('alert', { name: 'Why it failed' });
      await why.waitFor({ timeout: 30_000 });
      assert.match(
        await why.innerText(),
        new RegExp(
          `^Environment ${BROKEN} failed: rw-${BROKEN}-cart-service: .*no-such-branch`,
        ),
      );
      const state = page
        .getByRole('table', { name: `Environment ${BROKEN}` })
        .getByRole('row', { name: /^State / })
        .getByRole('cell')
        .nth(1);
      assert.equal(await state.innerText(), 'failed');
      await assertAccessible(page, "a failed environment's page");
      await session!.shot(`${SHOT}failed`);

      // It still holds resources: its team destroys it like any other.
      const res = await fetch(
        `${url}/api/environments/environments/${BROKEN}`,
        {
          method: 'DELETE',
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      assert.equal(res.status, 200);
    },
  );

  step(
    "cart-service's page lists ui-demo in its Environments card",
    async page => {
      await page.goto(`${url}/catalog/default/component/cart-service`);
      const card = page
        .locator('.MuiCard-root')
        .filter({ hasText: 'Ephemeral environments that run cart-service' });
      const row = environmentRow(page, card);
      await row.waitFor({ timeout: 30_000 });
      const cells = row.getByRole('cell');
      assert.equal(await cells.nth(1).innerText(), 'ui');
      assert.equal(await cells.nth(2).innerText(), 'active');
      assert.match(await cells.nth(3).innerText(), /^9d 23h \d+m$/);
      assert.equal(
        await cells.nth(4).getByRole('link').getAttribute('href'),
        SERVICE_URL,
      );
      await card.scrollIntoViewIfNeeded();
      await assertAccessible(
        page,
        "cart-service's page with its Environments card",
      );
      await session!.shot(`${SHOT}entity-card`);
    },
  );

  step(
    'Destroy, once the name is typed, tears ui-demo down and removes it from platform-config',
    async page => {
      await page.goto(`${url}/environments`);
      const row = environmentRow(page);
      await row.getByRole('button', { name: `Destroy ${ENV}` }).click();
      const dialog = page.getByRole('dialog', { name: `Destroy ${ENV}?` });
      const confirm = dialog.getByRole('button', {
        name: 'Destroy',
        exact: true,
      });
      await confirm.waitFor();
      assert.ok(await confirm.isDisabled(), 'Destroy waits for the name');
      await dialog
        .getByRole('textbox', { name: `Type ${ENV} to confirm` })
        .fill('ui-dem');
      assert.ok(
        await confirm.isDisabled(),
        'a wrong name does not enable Destroy',
      );
      await dialog
        .getByRole('textbox', { name: `Type ${ENV} to confirm` })
        .fill(ENV);
      assert.ok(await confirm.isEnabled(), 'the name enables Destroy');
      await assertAccessible(page, '/environments with its destroy dialog');
      await session!.shot(`${SHOT}destroy-dialog`);
      await confirm.click();
      await page
        .getByRole('alert')
        .filter({ hasText: `Destroyed ${ENV}.` })
        .waitFor({ timeout: 30_000 });
      await row.waitFor({ state: 'detached' });

      assert.equal((await environment()).state, 'destroyed');
      assert.equal(
        await platformConfigStatus(),
        404,
        `platform-config no longer holds environments/${ENV}/`,
      );
    },
  );
});

/** The row of the table named Environments (the page's, or the card's in `scope`) that links to ui-demo. */
function environmentRow(page: Page, scope: Page | Locator = page): Locator {
  return scope
    .getByRole('table', { name: 'Environments' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: ENV, exact: true }) });
}

/** A cell of the /environments table's row, by its column heading. */
function cell(row: Locator, column: string): Locator {
  assert.ok(COLUMNS.includes(column), `no column ${column}`);
  return row.getByRole('cell').nth(COLUMNS.indexOf(column));
}

/** `8d 23h 59m` (or `5h 3m 20s`) in milliseconds. */
function parseCountdown(label: string): number {
  const match = /^(?:(\d+)d )?(?:(\d+)h )?(\d+)m(?: (\d+)s)?$/.exec(
    label.trim(),
  );
  assert.ok(match, `a countdown, not ${JSON.stringify(label)}`);
  const [d, h, m, s] = match.slice(1).map(n => Number(n ?? 0));
  return ((d * 24 + h) * 60 + m) * 60_000 + s * 1000;
}

/** Waits until the countdown shows the time left until `expiresAt`, to the minute. */
async function countdownNear(countdown: Locator, expiresAt: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const label = await countdown.innerText();
    const expected = Date.parse(expiresAt) - Date.now();
    const shown = /\d+m/.test(label) ? parseCountdown(label) : NaN;
    // The label floors to the minute, and the page's clock read happened a moment earlier.
    if (shown <= expected + 5_000 && shown > expected - 2 * 60_000) return;
    if (Date.now() > deadline) {
      assert.fail(
        `the countdown shows ${JSON.stringify(label)}, not the ${Math.round(
          expected / 60_000,
        )} minutes left until ${expiresAt}`,
      );
    }
    await sleep(200);
  }
}
