/**
 * A demo service's page in Chromium, against the production build wired to the devstack: the
 * Overview shows its Argo CD Applications' sync and health (through the backend's proxy, the
 * token never in the browser), its Operate links and its CI runs (after the GitHub sign-in
 * through the devstack's OAuth web flow); the Kubernetes tab its pods. Screenshots of each go
 * to docs/images/service-page-*.png.
 * Run after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page, Request } from 'playwright-core';
import {
  type BuiltBackend,
  repoRoot,
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
  withFailureShot,
} from './lib/guestChromium.mts';
import { guestToken } from './lib/http.mts';
import { waitForEntity } from '../scripts/lib/runwayApi.mts';
import { freePort } from './lib/freePort.mts';

const SERVICE = 'cart-service';
const ARGOCD_TOKEN = 'devstack-argocd-token';
const K8S_TOKEN = 'devstack-k8s-token';
const images = path.join(repoRoot, 'docs/images');

/** app-config.yaml's service-page settings, pointed at this test's devstack. */
function servicePageConfig(devstack: DevstackProcess) {
  return {
    ...devstack.backendConfig,
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'devstack',
              url: `${devstack.base}/k8s`,
              authProvider: 'serviceAccount',
              serviceAccountToken: K8S_TOKEN,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
    proxy: {
      endpoints: {
        '/argocd/api': {
          target: `${devstack.base}/argocd/api/v1`,
          headers: { Authorization: `Bearer ${ARGOCD_TOKEN}` },
        },
      },
    },
    auth: {
      providers: {
        github: { development: { enterpriseInstanceUrl: devstack.base } },
      },
    },
  };
}

interface ApplicationView {
  metadata: { name: string };
  status: { sync: { status: string }; health: { status: string } };
}

/**
 * Waits until the service's Applications are Synced and Healthy, asked the way the page asks
 * (the backend's proxy): the stand-in needs a moment, and the card loads them only once.
 */
async function waitForHealthyApplications(url: string, token: string) {
  const selector = encodeURIComponent(`runway.dev/service=${SERVICE}`);
  const deadline = Date.now() + 90_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(
      `${url}/api/proxy/argocd/api/applications?selector=${selector}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const items: ApplicationView[] =
      res.status === 200 ? (await res.json()).items ?? [] : [];
    last = `${res.status} ${items
      .map(
        a =>
          `${a.metadata.name}: ${a.status.sync.status}/${a.status.health.status}`,
      )
      .join(', ')}`;
    if (
      items.length === 2 &&
      items.every(
        a =>
          a.status.sync.status === 'Synced' &&
          a.status.health.status === 'Healthy',
      )
    )
      return;
    await sleep(500);
  }
  throw new Error(
    `${SERVICE}'s Applications are not Synced and Healthy: ${last}`,
  );
}

describe('a service page in Chromium', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let session: GuestSession | undefined;
  let url: string;
  const browserRequests: Request[] = [];
  /** Whether the guest has signed in to the forge (the CI tab needs it). */

  let steps = 0;
  /** One check of the page; a failure leaves .runway/screenshots/service-page-failure-<n>.png. */
  const step = (name: string, fn: (page: Page) => Promise<void>) => {
    const shotName = `service-page-failure-${++steps}`;
    test(name, () =>
      withFailureShot(session!, shotName, () => fn(session!.page)),
    );
  };

  const entityPage = (subPath = '') =>
    `${url}/catalog/default/component/${SERVICE}${subPath}`;

  /** An entity page's tab (Backstage UI renders them as links). */
  const tab = (page: Page, name: string) =>
    page
      .getByRole('tab', { name, exact: true })
      .or(page.getByRole('link', { name, exact: true }))
      .first();

  /**
   * A card on the page: the nearest element around its title that holds `part` (a table, a
   * list). Cards come from three design systems (MUI, Backstage UI), so no class is shared.
   */
  const card = (page: Page, title: string, part = 'table') =>
    page
      .getByText(title, { exact: true })
      .first()
      .locator(`xpath=ancestor::*[.//${part}][1]`);

  /**
   * Rows and links even while the GitHub login dialog (a modal, which hides the page from
   * the accessibility tree) is open.
   */
  const hidden = { includeHidden: true } as const;

  /** The page as the docs show it, once axe finds nothing serious on it. */
  const shot = async (page: Page, name: string) => {
    await assertAccessible(page, `the service page, ${name}`);
    await page.screenshot({
      path: path.join(images, `service-page-${name}.png`),
      fullPage: true,
    });
  };

  before(async () => {
    devstack = await startDevstackProcess({
      port: await freePort(),
      smtpPort: await freePort(),
    });
    backend = await startBuiltBackend({
      name: 'service-page',
      port: await freePort(),
      config: servicePageConfig(devstack),
    });
    url = backend.url;
    await waitForEntity(
      url,
      await guestToken(url),
      `component/default/${SERVICE}`,
    );
    session = await openGuestSession(url, 'service-page-failure');
    // Signed in once the guest button is gone; a page load before that would sign out again.
    await session.page
      .getByRole('button', { name: /enter/i })
      .waitFor({ state: 'detached' });
    session.page.on('request', request => browserRequests.push(request));
  });

  after(async () => {
    await session?.close();
    await backend?.stop();
    await devstack?.stop();
  });

  step(
    'the overview’s Operate card links on-call, the dashboard and the runbook',
    async page => {
      await page.goto(entityPage());
      const operate = card(page, 'Operate', 'dl');
      // A link's name also says "Opens in a new window" for external ones.
      assert.equal(
        await operate
          .getByRole('link', { name: /^On-call/, ...hidden })
          .getAttribute('href'),
        'https://acme.pagerduty.com/service-directory/PGZFQDQ',
      );
      assert.match(
        (await operate
          .getByRole('link', { name: /^Dashboard/, ...hidden })
          .getAttribute('href')) ?? '',
        /^https:\/\/grafana\.acme\.example\/d\//,
      );
      assert.equal(
        await operate
          .getByRole('link', { name: 'Runbook', ...hidden })
          .getAttribute('href'),
        `/docs/default/component/${SERVICE}`,
      );
    },
  );

  step('the Kubernetes tab shows the service’s running pods', async page => {
    await page.goto(entityPage('/kubernetes'));
    const cluster = page.getByText('devstack', { exact: true }).first();
    await cluster.waitFor({ timeout: 30_000 });
    await page
      .getByText(/^[1-9]\d* pods?$/)
      .first()
      .waitFor();
    await page.getByText('No pods with errors').first().waitFor();
    // Open the cluster, then the service's Deployment with its Show details button (its name
    // opens the drawer), to list its pods.
    await cluster.click();
    await page
      .locator('.MuiAccordion-root')
      .filter({ hasText: 'Deployment' })
      .filter({ hasText: SERVICE })
      .last()
      .getByRole('button', { name: 'Show details' })
      .click();
    await page.getByText('Running').first().waitFor({ timeout: 30_000 });
    await page.mouse.move(0, 0);
    await shot(page, 'kubernetes');
  });

  step(
    'after signing in to the forge with GitHub, the GitHub Actions tab lists the runs of main',
    async page => {
      await page.goto(entityPage('/github-actions'));
      // The tab asks for a GitHub token: Backstage's login dialog, then the devstack's OAuth
      // web flow in a popup, which approves at once and closes.
      const login = page.getByRole('button', { name: /^log ?in$/i }).first();
      await login.waitFor({ timeout: 30_000 });
      const popup = page.waitForEvent('popup');
      await login.click();
      await (await popup).waitForEvent('close', { timeout: 30_000 });
      await page
        .getByRole('row')
        .filter({ hasText: 'main' })
        .first()
        .waitFor({ timeout: 30_000 });
      assert.ok(
        await tab(page, 'GitHub Actions').isVisible(),
        'the runs are on the GitHub Actions tab',
      );
      await shot(page, 'ci');
    },
  );

  step(
    'the overview shows the service’s Argo CD Applications Synced and Healthy, with history',
    async page => {
      await waitForHealthyApplications(url, await guestToken(url));
      await page.goto(entityPage());
      const argo = card(page, 'ArgoCD overview');
      for (const stage of ['staging', 'production']) {
        const row = argo
          .getByRole('row', hidden)
          .filter({ hasText: `${SERVICE}-${stage}` });
        await row.getByText('Healthy').waitFor({ timeout: 30_000 });
        await row.getByText('Synced').waitFor();
      }
      await card(page, 'ArgoCD history')
        .getByText(`${SERVICE}-staging`)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot(page, 'argocd');
    },
  );

  step(
    'the Argo CD and Kubernetes tokens never reach the browser',
    async () => {
      const devstackHost = new URL(devstack!.base).host;
      for (const request of browserRequests) {
        const headers = JSON.stringify(await request.allHeaders());
        assert.ok(
          !headers.includes(ARGOCD_TOKEN) && !headers.includes(K8S_TOKEN),
          `${request.url()} carries a devstack service token`,
        );
        const target = new URL(request.url());
        assert.ok(
          !(
            target.host === devstackHost &&
            /^\/(argocd|k8s)\//.test(target.pathname)
          ),
          `the browser called ${request.url()} directly`,
        );
      }
      assert.ok(
        browserRequests.some(r => r.url().includes('/api/proxy/argocd/api/')),
        'the Argo CD cards went through the backend proxy',
      );
    },
  );
});
