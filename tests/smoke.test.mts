/**
 * Smoke test of the production build: the built backend serving the built app, once on
 * in-memory SQLite and once on the machine's PostgreSQL, checked through the HTTP API as a guest.
 * Run by scripts/test after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { spawnSync } from 'node:child_process';
import {
  type BuiltBackend,
  repoRoot,
  startBuiltBackend,
  unpackBundle,
} from '../scripts/lib/builtBackend.mts';
import type { Page } from 'playwright-core';
import { asGuestInChromium } from './lib/guestChromium.mts';
import { findEnvReferences } from '../packages/backend/src/requiredEnv.ts';
import { testPostgresUrl } from '../scripts/lib/postgres.mts';
import { guestToken, getJson } from './lib/http.mts';

const postgresUrl = await testPostgresUrl();
const PG_PREFIX = 'runway_smoke_';

/** Drops the databases a previous smoke run on PostgreSQL left behind. */
async function dropSmokeDatabases(url: string) {
  const client = new pg.Client({ connectionString: url, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PG_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

const variants = [
  { name: 'sqlite', port: 7101, config: {} },
  {
    name: 'postgres',
    port: 7102,
    skip: postgresUrl
      ? false
      : 'no PostgreSQL server reachable on this machine',
    config: postgresUrl
      ? {
          backend: {
            database: {
              client: 'pg',
              connection: postgresUrl,
              prefix: PG_PREFIX,
              pluginDivisionMode: 'database',
            },
          },
        }
      : {},
  },
];

for (const variant of variants) {
  describe(`built backend on ${variant.name}`, { skip: variant.skip }, () => {
    let backend: BuiltBackend;
    let token: string;

    before(async () => {
      if (variant.name === 'postgres') await dropSmokeDatabases(postgresUrl!);
      backend = await startBuiltBackend({
        name: `smoke-${variant.name}`,
        port: variant.port,
        config: variant.config,
      });
      token = await guestToken(backend.url);
    });

    after(async () => {
      await backend?.stop();
      if (variant.name === 'postgres') await dropSmokeDatabases(postgresUrl!);
    });

    test('serves the built Runway app with its config injected', async () => {
      const res = await fetch(`${backend.url}/catalog`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<title>Runway<\/title>/);
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)];
      assert.ok(scripts.length > 0, 'index.html loads the bundle');
      for (const [, src] of scripts) {
        const res = await fetch(`${backend.url}${src}`);
        assert.equal(res.status, 200, `GET ${src}`);
      }
      // The app-backend injects the runtime config (here: the backend's own URL) at serve time.
      assert.ok(html.includes(backend.url), 'runtime config is injected');
    });

    test('refuses the catalog API without a token', async () => {
      const res = await fetch(`${backend.url}/api/catalog/entities?limit=1`);
      assert.equal(res.status, 401);
    });

    test('serves the demo organisation', async () => {
      const expected = [
        'runway',
        'payments-api',
        'storefront-web',
        'cart-service',
      ];
      const components = await waitForEntities(
        backend.url,
        token,
        'component',
        items =>
          expected.every(name => items.some(e => e.metadata.name === name)),
      );
      assert.ok(components.length >= 6);
      const languages = new Set(components.flatMap(c => c.metadata.tags ?? []));
      assert.ok(languages.has('typescript') && languages.has('go'));
      const groups = await waitForEntities(backend.url, token, 'group', items =>
        items.some(g => g.metadata.name === 'platform'),
      );
      assert.ok(groups.length >= 3);
      const users = await waitForEntities(
        backend.url,
        token,
        'user',
        items => items.length >= 8,
      );
      assert.ok(users.length >= 8);
      const payments = await getJson(
        backend.url,
        token,
        '/api/catalog/entities/by-name/component/default/payments-api',
      );
      assert.ok(
        payments.relations.some((r: any) => r.type === 'providesApi'),
        'payments-api provides an API',
      );
      assert.equal(payments.spec.owner, 'group:payments');
    });

    test('serves the templates Location that loads templates/*/template.yaml', async () => {
      const isTemplatesLocation = (l: any) =>
        String(l.spec.target ?? '').endsWith('/templates/*/template.yaml');
      await waitForEntities(backend.url, token, 'location', items =>
        items.some(isTemplatesLocation),
      );
      const templates = await waitForEntities(
        backend.url,
        token,
        'template',
        items => items.some(t => t.metadata.name === 'register-component'),
      );
      assert.ok(
        templates.every(t =>
          t.metadata.annotations[
            'backstage.io/managed-by-origin-location'
          ].endsWith('/templates/*/template.yaml'),
        ),
        'every template comes from the one templates Location',
      );
    });

    test("registers Runway's scaffolder actions beside the built-in ones", async () => {
      const actions = await getJson(
        backend.url,
        token,
        '/api/scaffolder/v2/actions',
      );
      const ids = (actions as { id: string }[]).map(a => a.id);
      for (const id of [
        'terraform:pr:create',
        'slack:message:post',
        'publish:github',
        'publish:github:pull-request',
        'catalog:register',
      ]) {
        assert.ok(ids.includes(id), `action ${id} is registered`);
      }
    });

    test("builds and serves an example component's TechDocs", async () => {
      // Local TechDocs builds patch mkdocs.yml in place; ours must already be in the patched form.
      const mkdocsYml = path.join(
        repoRoot,
        'examples/components/payments-api/mkdocs.yml',
      );
      const before = fs.readFileSync(mkdocsYml, 'utf8');
      await waitForEntities(backend.url, token, 'component', items =>
        items.some(e => e.metadata.name === 'payments-api'),
      );
      const sync = await fetch(
        `${backend.url}/api/techdocs/sync/default/component/payments-api`,
        {
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'text/event-stream',
          },
        },
      );
      assert.equal(sync.status, 200);
      const events = await sync.text();
      assert.match(
        events,
        /event: finish/,
        `techdocs build finished:\n${events}`,
      );
      const base = `${backend.url}/api/techdocs/static/docs/default/component/payments-api`;
      const index = await fetch(`${base}/index.html`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(index.status, 200);
      assert.match(
        await index.text(),
        /card payment service behind Acme checkout/,
      );
      const runbook = await fetch(`${base}/runbook/index.html`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(runbook.status, 200);
      assert.match(await runbook.text(), /Escalation/);
      assert.equal(
        fs.readFileSync(mkdocsYml, 'utf8'),
        before,
        'mkdocs.yml left as committed',
      );
    });

    test(
      'a guest browses the catalogue, opens TechDocs and sees the golden paths in Chromium',
      {
        skip:
          variant.name !== 'sqlite' && 'the browser flow runs once, on SQLite',
      },
      async () => {
        await waitForEntities(backend.url, token, 'component', items =>
          items.some(e => e.metadata.name === 'payments-api'),
        );
        await browsePortal(backend.url);
      },
    );

    test(
      'the new-service form checks the name against the catalogue as the user types, in Chromium',
      {
        skip:
          variant.name !== 'sqlite' && 'the browser flow runs once, on SQLite',
      },
      async () => {
        await waitForEntities(backend.url, token, 'template', items =>
          items.some(t => t.metadata.name === 'new-service'),
        ).catch(error => {
          throw new Error(
            `${
              error.message
            }\nThe catalogue's warnings about it:\n${catalogWarnings(
              backend.logs(),
              'template:default/new-service',
            )}`,
          );
        });
        await waitForEntities(backend.url, token, 'component', items =>
          items.some(e => e.metadata.name === 'payments-api'),
        );
        await waitForEntities(backend.url, token, 'system', items =>
          items.some(e => e.metadata.name === 'checkout'),
        );
        await checkServiceName(backend.url);
      },
    );
  });
}

describe('production config', () => {
  test('the built backend refuses to start without a required variable, naming it', () => {
    const entry = unpackBundle();
    // Every variable the production config substitutes is set, but one.
    const names = findEnvReferences(
      'app-config.production.yaml',
      fs.readFileSync(
        path.join(repoRoot, 'app-config.production.yaml'),
        'utf8',
      ),
    ).map(r => r.name);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    for (const name of names) env[name] = 'set';
    delete env.POSTGRES_PASSWORD;
    const result = spawnSync(
      process.execPath,
      [
        entry,
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
      ],
      {
        cwd: path.join(repoRoot, 'packages/backend'),
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /required environment variable\(s\) not set: POSTGRES_PASSWORD\n/,
    );
    assert.match(
      result.stderr,
      /POSTGRES_PASSWORD \(used by backend\.database\.connection\.password/,
    );
    assert.doesNotMatch(
      result.stderr,
      /POSTGRES_HOST/,
      'variables that are set are not reported',
    );
  });
});

/** The first visit of a developer: sign in as guest, find a service, read its docs, see the forms. */
async function browsePortal(url: string) {
  await asGuestInChromium(url, async (page, shot) => {
    await page.getByText('Welcome to Runway').waitFor({ timeout: 30_000 });
    await shot('home');

    await page.goto(`${url}/catalog?filters[kind]=component&filters[user]=all`);
    await page.getByRole('link', { name: 'Payments API' }).first().click();
    await page.waitForURL(/\/catalog\/default\/component\/payments-api/);
    // Entity tabs: the Kubernetes one is there (no cluster locally, so it shows none).
    await page.getByText('Kubernetes', { exact: true }).first().waitFor();
    await shot('entity');
    await page.getByText('TechDocs', { exact: true }).first().click();
    await page
      .getByText('card payment service behind Acme checkout')
      .first()
      .waitFor({ timeout: 60_000 });
    await shot('techdocs');

    await page.goto(`${url}/create`);
    await page.getByText('Register an existing service').first().waitFor();
    await shot('create');
  });
}

/**
 * The new-service form's ServiceNamePicker: live verdicts under the field while typing, and
 * Next refuses a name the catalogue already holds.
 */
async function checkServiceName(url: string) {
  await asGuestInChromium(url, async (page, shot) => {
    await page.getByText('Welcome to Runway').waitFor({ timeout: 30_000 });
    await page.goto(`${url}/create/templates/default/new-service`);
    const name = page.getByRole('textbox', { name: /^Name/ });
    const verdict = page.locator('#root_name-check');
    const retype = async (value: string) => {
      await name.fill('');
      await name.pressSequentially(value, { delay: 30 });
    };
    const taken =
      'payments-api is already in the catalogue (Component, owned by group:default/payments) — choose another name';

    await retype('payments-api');
    await verdict.filter({ hasText: taken }).waitFor({ timeout: 15_000 });
    assert.equal(
      await verdict
        .getByRole('link', { name: 'payments-api' })
        .getAttribute('href'),
      '/catalog/default/component/payments-api',
    );
    await shot('service-name-taken');

    await retype('Payments API');
    await verdict
      .filter({
        hasText:
          'Capital letters and spaces are not allowed. Use lower-case letters, digits and dashes. Try "payments-api".',
      })
      .waitFor();

    await retype('ledger-service');
    await verdict.filter({ hasText: 'ledger-service is available' }).waitFor();
    await shot('service-name-available');

    // Submit-time validation: with every other field filled in, Next refuses a taken name.
    await page
      .getByRole('textbox', { name: /^Description/ })
      .fill('Keeps the ledger.');
    await pickOption(page, /^Owner team/, 'payments');
    await pickOption(page, /^System/, 'checkout');
    await retype('payments-api');
    await verdict.filter({ hasText: taken }).waitFor({ timeout: 15_000 });
    // Before Next only the live verdict says it; after, the form's own error under the field too.
    const sayingTaken = page.locator('form').getByText(taken, { exact: true });
    assert.equal(await sayingTaken.count(), 1);
    await page.getByRole('button', { name: 'Next' }).click();
    await sayingTaken.nth(1).waitFor();
    assert.ok(
      await name.isVisible(),
      'Next with a taken name stays on the first step',
    );
    await shot('service-name-refused');

    await retype('ledger-service');
    await verdict.filter({ hasText: 'ledger-service is available' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('How it is built and run').first().waitFor();
    await page
      .getByLabel(/^Language/)
      .first()
      .waitFor();
  });
}

/** Chooses an entity in a catalogue picker (an autocomplete) by typing part of its name. */
async function pickOption(page: Page, label: RegExp, text: string) {
  const input = page.getByRole('textbox', { name: label });
  await input.click();
  await input.fill(text);
  await page
    .getByRole('option', { name: new RegExp(text, 'i') })
    .first()
    .click();
}

/** The catalogue's warn lines about one entity in a backend log (without colour codes). */
function catalogWarnings(logs: string, entityRef: string): string {
  const lines = logs
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter(line => /\bcatalog warn\b/.test(line) && line.includes(entityRef));
  return lines.length > 0 ? lines.join('\n') : '(none)';
}

/** Entities of a kind, once the catalog has processed what `ready` expects. */
async function waitForEntities(
  url: string,
  token: string,
  kind: string,
  ready: (items: any[]) => boolean,
): Promise<any[]> {
  const deadline = Date.now() + 60_000;
  let items: any[] = [];
  while (Date.now() < deadline) {
    const page = await getJson(
      url,
      token,
      `/api/catalog/entities/by-query?filter=kind=${kind}&limit=500`,
    );
    items = page.items;
    if (ready(items)) return items;
    await new Promise(r => setTimeout(r, 500));
  }
  return assert.fail(
    `the catalog did not serve the expected ${kind} entities within 60s; got: ${items
      .map(e => e.metadata.name)
      .join(', ')}`,
  );
}
