/**
 * Measured impact in Chromium, against the production build wired to the devstack: the guest runs
 * the new-service golden path and the home page's For you card shows the run with the Terraform
 * pull request it waits on; Atlantis applies it, the guest runs an ephemeral environment and tears
 * it down early, and a deploy is reported by GitHub's webhook; then the golden-path cards show each path's
 * median time and the Impact page shows the playbook's table, its charts and a team filter, every
 * figure as the API computed it from those records. Screenshots go to docs/images.
 * Run by scripts/test after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  type BuiltBackend,
  startBuiltBackend,
} from '../scripts/lib/builtBackend.mts';
import {
  type DevstackProcess,
  startDevstackProcess,
} from '../scripts/lib/devstackProcess.mts';
import {
  demoEntities,
  environmentValues,
  newServiceValues,
} from '../scripts/lib/benchTemplateTask.mts';
import { assertAccessible } from './lib/axe.mts';
import {
  type GuestSession,
  openGuestSession,
  dependentSteps,
} from './lib/guestChromium.mts';
import { getJson, guestToken } from './lib/http.mts';
import { runTemplate, waitForEntity } from '../scripts/lib/runwayApi.mts';
import {
  formatDuration,
  formatValue,
} from '../plugins/impact/src/components/format.ts';

const SHOT = 'impact-';
const SERVICE = 'impact-demo';
const ENV = 'impact-env';
const STOREFRONT = 'group:default/storefront';

interface Figure {
  id: string;
  label: string;
  value?: number;
  unit: 'duration' | 'count' | 'percent' | 'money' | 'perWeek';
  sample: number;
  before?: string;
}
interface Report {
  currency: string;
  figures: Figure[];
  templates: { template: string; completed: number; medianMs?: number }[];
  gaps: string[];
}

describe('measured impact in Chromium', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let session: GuestSession | undefined;
  let token: string;
  let url: string;
  /** One step of the flow; a failure leaves the failure screenshot and skips the rest. */
  const step = dependentSteps(() => session, `${SHOT}failure`);

  const report = (query = ''): Promise<Report> =>
    getJson(url, token, `/api/impact/report${query}`);
  const figure = (r: Report, id: string) => {
    const found = r.figures.find(f => f.id === id);
    assert.ok(found, `the report has ${id}`);
    return found;
  };

  before(async () => {
    devstack = await startDevstackProcess({ port: 7175, smtpPort: 7128 });
    backend = await startBuiltBackend({
      name: 'impact',
      port: 7106,
      config: devstack.backendConfig,
    });
    url = backend.url;
    token = await guestToken(url);
    for (const ref of [
      'template/default/new-service',
      'template/default/ephemeral-environment',
      ...demoEntities,
    ]) {
      await waitForEntity(url, token, ref);
    }
    // GitHub's organisation webhook, as the platform team sets it up: Atlantis' apply of the
    // new service's Terraform pull request reaches the delivery plugin through it.
    const hook = await fetch(`${devstack.base}/api/v3/orgs/acme/hooks`, {
      method: 'POST',
      headers: {
        Authorization: 'token devstack-token',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        name: 'web',
        events: ['pull_request', 'status', 'issue_comment'],
        config: { url: `${url}/api/events/http/github`, content_type: 'json' },
      }),
    });
    assert.equal(hook.status, 201, 'the forge took the org webhook');
    session = await openGuestSession(url, `${SHOT}failure`);
  });

  after(async () => {
    await session?.close();
    await backend?.stop();
    await devstack?.stop();
  });

  step('the guest runs the new-service golden path', async () => {
    await runTemplate(
      url,
      token,
      'template:default/new-service',
      newServiceValues(SERVICE),
    );
  });

  step(
    'the home page shows the guest’s run with the pull request it waits on, and their team’s services',
    async page => {
      await page.goto(`${url}/`);
      const runs = page.getByRole('list', { name: 'Your runs' });
      const run = runs
        .getByRole('listitem')
        .filter({ hasText: `new-service: ${SERVICE}` });
      await run.waitFor();
      assert.match(await run.innerText(), /completed/);
      await run.getByText('waits for review and atlantis apply').waitFor();
      assert.match(
        String(
          await run
            .getByRole('link', { name: /acme\/platform-config#\d+/ })
            .getAttribute('href'),
        ),
        /\/acme\/platform-config\/pull\/\d+$/,
      );
      await page
        .getByRole('list', { name: 'Your team’s services' })
        .getByRole('link', { name: /cart/i })
        .waitFor();
      await assertAccessible(page, '/ with For you filled');
      await session!.shot(`${SHOT}for-you`);
    },
  );

  step(
    'Atlantis applies, the guest runs and tears down an environment early, and a deploy is reported',
    async () => {
      // Atlantis applies its Terraform pull request (the devstack's stand-in, as on GitHub).
      const followups = (await getJson(url, token, '/api/delivery/followups'))
        .items as Array<{ service: string; pullRequest: { number: number } }>;
      const followup = followups.find(f => f.service === SERVICE);
      assert.ok(followup, `${SERVICE}'s Terraform pull request is followed`);
      const applied = await fetch(
        `${devstack!.base}/_devstack/atlantis/apply`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            repo: 'acme/platform-config',
            pull: followup.pullRequest.number,
            outcome: 'success',
          }),
        },
      );
      assert.ok(applied.ok, `Atlantis applied (${applied.status})`);

      await runTemplate(url, token, 'template:default/ephemeral-environment', {
        ...environmentValues(ENV),
        services: [
          { entityRef: 'component:default/cart-service', branch: 'main' },
        ],
      });
      const destroyed = await fetch(
        `${url}/api/environments/environments/${ENV}`,
        { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } },
      );
      assert.ok(destroyed.ok, `DELETE ${ENV}: ${destroyed.status}`);

      // GitHub's deployment_status webhook, as its documentation shows it, for cart-service
      // (owned by storefront in the demo catalogue), sent to Runway's events endpoint.
      const sent = await fetch(`${url}/api/events/http/github`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'deployment_status',
          'X-GitHub-Delivery': 'impact-test-1',
        },
        body: JSON.stringify({
          action: 'created',
          deployment_status: {
            id: 1,
            state: 'success',
            environment: 'staging',
            created_at: new Date().toISOString(),
          },
          deployment: { id: 7001, environment: 'staging', ref: 'main' },
          repository: {
            full_name: 'acme/cart-service',
            owner: { login: 'acme' },
          },
          organization: { login: 'acme' },
        }),
      });
      assert.ok(sent.status < 300, `webhook accepted (${sent.status})`);
    },
  );

  step('the API computes the figures from those records', async () => {
    let r = await report();
    // The webhooks are handled after they were accepted: wait for the deploy and the apply.
    for (
      let i = 0;
      (figure(r, 'deploysPerWeek').sample < 1 ||
        figure(r, 'newServiceApplied').sample < 1) &&
      // Records are gathered again at most every 15 s.
      i < 300;
      i++
    ) {
      await new Promise(resolve => setTimeout(resolve, 200));
      r = await report();
    }
    assert.deepEqual(r.gaps, [], 'every plugin answered');
    assert.equal(figure(r, 'newServiceTask').sample, 1);
    assert.ok(figure(r, 'newServiceTask').value! > 0);
    assert.equal(figure(r, 'newServiceTask').before, '2–3 weeks');
    assert.equal(figure(r, 'newServiceApplied').sample, 1);
    assert.ok(
      figure(r, 'newServiceApplied').value! >=
        figure(r, 'newServiceTask').value!,
      'applied after the run ended',
    );
    assert.equal(figure(r, 'environmentTask').sample, 1);
    assert.equal(figure(r, 'environmentsTornDownEarly').value, 1);
    assert.ok(figure(r, 'costAvoided').value! > 0, 'cost avoided');
    assert.equal(figure(r, 'deploysPerWeek').sample, 1);
    assert.equal(figure(r, 'successRate').value, 100);
  });

  step(
    'the home page shows each golden path with its measured median time',
    async page => {
      const r = await report(
        '?from=' + new Date(Date.now() - 84 * 86_400_000).toISOString(),
      );
      await page.goto(`${url}/`);
      const cards = page.getByRole('list', { name: 'Golden paths' });
      for (const name of ['new-service', 'ephemeral-environment']) {
        const stats = r.templates.find(
          t => t.template === `template:default/${name}`,
        );
        assert.ok(stats?.medianMs !== undefined, `${name} has a median`);
        const card = cards.locator(`[data-golden-path="${name}"]`);
        await card
          .getByText(`Typically ${formatDuration(stats.medianMs)}`)
          .waitFor();
        assert.match(await card.innerText(), /median of 1 run, last 12 weeks/);
        const start = card.getByRole('link', { name: /Start/ });
        assert.match(
          String(await start.getAttribute('href')),
          new RegExp(`/create/templates/default/${name}$`),
        );
      }
      await page.mouse.move(0, 0);
      await cards.scrollIntoViewIfNeeded();
      await session!.shot(`${SHOT}home`);
    },
  );

  step(
    'the Impact page shows the table and the charts, for every team and for one',
    async page => {
      await page.goto(`${url}/impact`);
      const table = page.getByRole('table', {
        name: 'Before and after Runway',
      });
      /** Waits until every figure's cell says what the API computed. */
      const shown = async (r: Report) => {
        for (const f of r.figures) {
          const cell = table.locator(`[data-figure="${f.id}"] [data-value]`);
          const want = formatValue(f.value, f.unit, r.currency);
          const deadline = Date.now() + 20_000;
          while ((await cell.innerText()) !== want) {
            assert.ok(
              Date.now() < deadline,
              `${f.id} shows ${await cell.innerText()}, not ${want}`,
            );
            await page.waitForTimeout(100);
          }
        }
      };
      await table.waitFor();
      await shown(await report());
      const runs = page.getByRole('figure', {
        name: 'Golden-path runs per week, by template',
      });
      assert.ok(
        (await runs.locator('.recharts-bar-rectangle').count()) >= 2,
        'a bar per template',
      );
      assert.match(await runs.innerText(), /new-service 1/);
      const deploys = page.getByRole('figure', {
        name: 'Deploys per week, by team',
      });
      assert.match(await deploys.innerText(), /storefront 1/);
      await page.mouse.move(0, 0);
      // The table, then the charts, for docs/impact.md.
      await assertAccessible(page, "/impact with the golden paths' records");
      await session!.shot(`${SHOT}page`);
      await runs.scrollIntoViewIfNeeded();
      await session!.shot(`${SHOT}charts`);

      // Another team: none of the guest's runs are theirs.
      await page.getByRole('button', { name: /Team/ }).click();
      await page.getByRole('option', { name: /^Platform$/ }).click();
      const platform = await report('?team=group:default/platform');
      assert.equal(figure(platform, 'newServiceTask').sample, 0);
      await shown(platform);
      // Storefront: the guest's team.
      await page.getByRole('button', { name: /Team/ }).click();
      await page.getByRole('option', { name: /^Storefront$/ }).click();
      const storefront = await report(`?team=${STOREFRONT}`);
      assert.equal(figure(storefront, 'newServiceTask').sample, 1);
      await shown(storefront);
    },
  );
});
