/**
 * Accessibility (issue 17): axe-core in Chromium on every page a Runway user opens and on every
 * golden-path form, against the production build on its embedded defaults: no serious or
 * critical violation, Backstage's own components included (.yarn/patches fixes the ones that had
 * some). The platform team's forms (onboarding, offboarding, team change) are checked as a
 * platform member. The new-service form is then filled and reviewed with the keyboard alone.
 * The pages that need a devstack's records (an environment, a hire, a run) are checked with
 * their content by the browser tests that make it. Run by scripts/test after `yarn build:all`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertAccessible } from './lib/axe.mts';
import { type GuestSession, withFailureShot } from './lib/guestChromium.mts';
import { GUEST_IN_PLATFORM_TEAM } from '../scripts/lib/onboardingApi.mts';
import { guestToken } from './lib/http.mts';
import { type GuestPortal, startGuestPortal } from './lib/guestPortal.mts';

/** A page, and what shows once it has rendered (axe runs on the rendered page, not a spinner). */
type Rendered = { path: string; shows: RegExp; timeoutMs?: number };

/** Every page and form a guest opens, with what only its own content shows. */
const GUEST_PAGES: Rendered[] = [
  { path: '/', shows: /Not run in the last 12 weeks|Typically / },
  { path: '/catalog', shows: /Cart Service/ },
  {
    path: '/catalog/default/component/cart-service',
    shows: /keeps carts in Redis/,
  },
  { path: '/catalog/default/system/checkout', shows: /Payments API/ },
  {
    path: '/catalog/default/group/payments',
    shows: /Owns checkout, payment processing/,
  },
  {
    path: '/catalog/default/user/grace-liu',
    shows: /grace\.liu@acme\.example/,
  },
  { path: '/catalog/default/resource/cart-redis', shows: /30-day TTL/ },
  { path: '/catalog/default/template/new-service', shows: /Launch Template/i },
  // One API of each definition type: OpenAPI (Swagger UI), AsyncAPI, gRPC (highlighted source).
  {
    path: '/catalog/default/api/cart-api',
    shows: /Get a cart with current prices/,
  },
  {
    path: '/catalog/default/api/payment-events',
    shows: /urn:acme:checkout:payment-events/,
  },
  {
    path: '/catalog/default/api/fraud-scoring-grpc',
    shows: /callers decline above 0\.85/,
  },
  { path: '/api-docs', shows: /Cart API/ },
  { path: '/create', shows: /New backend service/ },
  { path: '/create/tasks', shows: /There are no tasks|No records to display/ },
  { path: '/create/templates/default/new-service', shows: /Owner team/ },
  {
    path: '/create/templates/default/ephemeral-environment',
    shows: /Owner team/,
  },
  { path: '/create/templates/default/register-component', shows: /Owner team/ },
  { path: '/environments', shows: /You have no environments\./ },
  { path: '/onboarding', shows: /Only the platform team sees onboarding runs/ },
  {
    path: '/catalog-drift',
    shows: /Only the platform team reads the catalogue drift/,
  },
  { path: '/impact', shows: /The playbook’s table, measured/ },
  { path: '/docs', shows: /Acme UI Kit/ },
  // TechDocs, built on the first visit (mkdocs): the reader page and an entity's docs tab.
  {
    path: '/docs/default/component/payments-api',
    shows: /card payment service behind Acme checkout/,
    timeoutMs: 120_000,
  },
  {
    path: '/catalog/default/component/payments-api/docs',
    shows: /card payment service behind Acme checkout/,
    timeoutMs: 120_000,
  },
  { path: '/search?query=cart', shows: /Read and modify shopping/ },
  { path: '/settings', shows: /Appearance|Profile/ },
  { path: '/notifications', shows: /No records to display/ },
];

/** What only the platform team opens: its forms and its views of the people joining and leaving. */
const PLATFORM_PAGES: Rendered[] = [
  {
    path: '/create/templates/default/engineer-onboarding',
    shows: /Identity provider id/,
  },
  {
    path: '/create/templates/default/engineer-offboarding',
    shows: /Identity provider id/,
  },
  { path: '/create/templates/default/engineer-team-change', shows: /New team/ },
  { path: '/onboarding', shows: /Nobody is joining or leaving/ },
  { path: '/catalog-drift', shows: /Last checked|The check has not run yet/ },
];

/**
 * Indexes the catalogue for search now and waits until searching `term` finds `title`. The
 * collator's first run can come before the catalogue has its entities (on a busy machine), and
 * the next is ten minutes later; the search page asks once.
 */
async function indexSearch(url: string, term: string, title: string) {
  const headers = { Authorization: `Bearer ${await guestToken(url)}` };
  const collator = `${url}/api/search/.backstage/scheduler/v1/tasks/search_index_software_catalog`;
  const deadline = Date.now() + 120_000;
  let triggered = false;
  for (;;) {
    // 404 until the search plugin has scheduled it, 409 while a run (maybe an early one) goes on.
    triggered ||= (
      await fetch(`${collator}/trigger`, { method: 'POST', headers })
    ).ok;
    if (triggered) {
      const res = await fetch(
        `${url}/api/search/query?${new URLSearchParams({ term })}`,
        { headers },
      );
      // 500 until the first run has made the index.
      const found = res.ok ? await res.json() : { results: [] };
      if (
        found.results.some(
          (r: { document: { title: string } }) => r.document.title === title,
        )
      )
        return;
    }
    assert.ok(Date.now() < deadline, `search never found ${title}`);
    await sleep(500);
  }
}

/** One test per page: open it, wait for its content, no serious or critical axe violation. */
function checkPages(
  pages: Rendered[],
  portal: () => { session: GuestSession; url: string },
) {
  for (const { path, shows, timeoutMs } of pages) {
    test(`${path}: no serious or critical axe violation`, () => {
      const { session, url } = portal();
      return withFailureShot(session, 'accessibility-failure', async () => {
        await session.page.goto(`${url}${path}`);
        await session.page
          .getByText(shows)
          .first()
          .waitFor({ timeout: timeoutMs });
        await session.page.waitForLoadState('networkidle');
        await assertAccessible(session.page, path);
      });
    });
  }
}

describe('accessibility in Chromium', () => {
  let portal: GuestPortal | undefined;
  let session: GuestSession | undefined;
  let url: string;

  before(async () => {
    portal = await startGuestPortal({
      name: 'accessibility',
      entities: [
        'component/default/cart-service',
        'component/default/payments-api',
        'template/default/new-service',
        'system/default/checkout',
        'group/default/payments',
        'user/default/grace-liu',
        'resource/default/cart-redis',
        'api/default/cart-api',
        'api/default/payment-events',
        'api/default/fraud-scoring-grpc',
      ],
      failureShot: 'accessibility-failure',
    });
    session = portal.session;
    url = portal.url;
    await indexSearch(url, 'cart', 'Cart API');
  });

  after(() => portal?.stop());

  test('the new-service form can be filled and reviewed with the keyboard alone', () =>
    withFailureShot(session!, 'accessibility-keyboard', async () => {
      const page = session!.page;
      await page.goto(`${url}/create/templates/default/new-service`);
      const name = page.getByRole('textbox', { name: 'Name' });
      await name.waitFor();
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.getAttribute('aria-label') ?? el?.id ?? '';
        });
      /** Presses Tab until the focused element's id matches (at most `max` times). */
      const tabTo = async (id: RegExp, max = 12) => {
        for (let i = 0; i < max; i++) {
          if (
            id.test(await page.evaluate(() => document.activeElement?.id ?? ''))
          )
            return;
          await page.keyboard.press('Tab');
        }
        assert.fail(`Tab never reached ${id}`);
      };
      // The name field has the focus when the form opens (ui:autofocus), or is the first stop.
      await tabTo(/^root_name$/);
      await page.keyboard.type('keyboard-demo');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Filled in with the keyboard alone.');
      // Tab to a picker, open it with the arrow key, take the option with Enter.
      const pick = async (option: RegExp) => {
        await page.keyboard.press('Tab');
        await page.keyboard.press('ArrowDown');
        await page.getByRole('option', { name: option }).first().waitFor();
        for (let presses = 0; ; presses++) {
          // MUI marks the option the arrow keys are on; none yet: ''.
          const current = page.locator('[role="option"][data-focus="true"]');
          const active = (await current.count())
            ? await current.first().innerText()
            : '';
          if (option.test(active)) break;
          assert.ok(presses < 50, `ArrowDown never reached ${option}`);
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
      };
      await pick(/payments/i);
      await pick(/checkout/i);
      assert.match(
        await focused(),
        /system/i,
        'the focus is on the system field',
      );
      // Tab on to Next (past the pickers' clear and open buttons) and press it.
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(
          () => (document.activeElement as HTMLElement | null)?.innerText ?? '',
        );
        if (/^next$/i.test(label.trim())) break;
      }
      await page.keyboard.press('Enter');

      const pagerduty = page.getByRole('textbox', {
        name: 'PagerDuty service',
      });
      await pagerduty.waitFor();
      await assertAccessible(page, 'the new-service form, its second page');
      await tabTo(/^root_pagerdutyServiceId$/, 30);
      await page.keyboard.type('PABC123');
      await page.keyboard.press('Enter');
      // The review step: its Create button is reachable and focusable with the keyboard.
      const create = page.getByRole('button', { name: 'Create' });
      await create.waitFor();
      for (let i = 0; i < 30; i++) {
        if (await create.evaluate(el => el === document.activeElement)) break;
        await page.keyboard.press('Tab');
      }
      assert.equal(
        await create.evaluate(el => el === document.activeElement),
        true,
        'Tab reaches the Create button',
      );
      await assertAccessible(page, 'the new-service form, its review');
      await session!.shot('accessibility-keyboard-review');
    }));

  checkPages(GUEST_PAGES, () => portal!);
});

describe('accessibility in Chromium, as the platform team', () => {
  let portal: GuestPortal | undefined;

  before(async () => {
    portal = await startGuestPortal({
      name: 'accessibility-platform',
      entities: [
        'template/default/engineer-onboarding',
        'group/default/platform',
      ],
      config: GUEST_IN_PLATFORM_TEAM,
      failureShot: 'accessibility-failure',
    });
  });

  after(() => portal?.stop());

  checkPages(PLATFORM_PAGES, () => portal!);
});
