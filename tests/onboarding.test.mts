/**
 * The New hires page in Chromium, against the production build wired to the devstack: two signed
 * HR hires start real onboarding runs (the engineer-onboarding template); one completes, the other
 * fails at the Slack step because Slack does not know the person yet. The page shows both
 * checklists, the failed step with its error and Retry; once SCIM provisions the person in Slack,
 * Retry finishes the run and the step turns done, live.
 * Joan's own page (the welcome e-mail's link) then shows her first-day tasks, one of which is
 * ticked and stays ticked, and once her access pull request merges on the devstack's forge (its
 * webhook reaching Runway's events backend), the "access granted" milestone with its lead time,
 * and "sandbox ready" once her sandbox lease is active (read from the environments API).
 * The guest is in the platform team here (onboarding runs are personal data, the platform team's).
 * Run by scripts/test after `yarn build:all` (node --test, Node 22 strips the types).
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator, Page } from 'playwright-core';
import YAML from 'yaml';
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
  dependentSteps,
} from './lib/guestChromium.mts';
import { getJson, guestToken } from './lib/http.mts';
import {
  waitForEntity,
  waitForTaskCompleted,
} from '../scripts/lib/runwayApi.mts';
import {
  type Hire,
  newHire,
  onboardingBackendConfig,
  provisionSlackUser as provisionSlackUserIn,
  sendHire as sendHireTo,
  waitForRunTask as waitForRunTaskOf,
} from '../scripts/lib/onboardingApi.mts';
import { NEW_HIRES_COLUMNS as COLUMNS } from '../plugins/onboarding/src/components/NewHiresPage/columns.ts';
import { DEFAULT_FIRST_DAY_TASKS } from '../plugins/onboarding-common/src/firstDayTasks.ts';

const SMTP_PORT = 7128;
/** Screenshots are named onboarding-<what>.png, beside the smoke test's. */
const SHOT = 'onboarding-';
/** A busy 2-core machine runs a template in seconds; this is only the ceiling. */
const TASK_TIMEOUT_SECONDS = 180;
const UI_TIMEOUT_MS = 60_000;

/** The onboarding template's steps, in order, as the checklist names them. */
const STEPS: Array<{ id: string; name: string }> = YAML.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/engineer-onboarding/template.yaml'),
    'utf8',
  ),
).spec.steps;
const STEP_NAMES = STEPS.map(s => s.name);
const stepNamed = (id: string) => {
  const found = STEPS.find(s => s.id === id);
  assert.ok(found, `the onboarding template has a step ${id}`);
  return found.name;
};
/**
 * Steps a run started by an event skips: `record` is for runs started from the form (an event's
 * run is recorded already). The checklist shows them skipped, never done.
 */
const SKIPPED_BY_EVENT_RUNS = [stepNamed('record')];
/** The steps an event's run does, done once it completed. */
const DONE_STEPS = STEP_NAMES.filter(n => !SKIPPED_BY_EVENT_RUNS.includes(n));
const SLACK_STEP = stepNamed('slack');
const ACCESS_STEP = stepNamed('access');
/** The steps after Slack's, skipped when it fails. */
const AFTER_SLACK = STEP_NAMES.slice(STEP_NAMES.indexOf(SLACK_STEP) + 1);
/** The welcome e-mail's first-day tasks (the devstack config sets none: the defaults). */
const LAPTOP_TASK = DEFAULT_FIRST_DAY_TASKS[1];
/** The devstack forge's token (scripts/lib/devstackProcess.mts). */
const FORGE_TOKEN = 'devstack-token';

/** Joins the devstack's Slack, completes; taken first, so it is listed second (newest first). */
const JOAN = newHire('joan-clarke', 'Joan Clarke');
/** Slack does not know her until the test provisions her: the run fails at the Slack step. */
const ALAN = newHire('alan-turing', 'Alan Turing');

interface Run {
  id: string;
  state: string;
  taskId?: string;
  lastError?: string;
  person?: { name: string };
}

describe('the New hires page in Chromium', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let session: GuestSession | undefined;
  let token: string;
  let url: string;
  const taskIds = new Map<string, string>();
  /** One step of the flow; a failure leaves the failure screenshot and skips the rest. */
  const step = dependentSteps(() => session, `${SHOT}failure`);

  const headers = () => ({ Authorization: `Bearer ${token}` });

  const provisionSlackUser = (hire: Hire) =>
    provisionSlackUserIn(devstack!.base, hire);
  const sendHire = (hire: Hire) =>
    sendHireTo(url, `hr-ui-${hire.githubLogin}`, hire);
  const waitForRunTask = (runId: string) =>
    waitForRunTaskOf(url, headers(), runId, {
      timeoutMs: TASK_TIMEOUT_SECONDS * 1000,
      pollMs: 200,
    });

  /** Waits for a task to end (completed, failed or cancelled); returns its status. */
  const waitForTaskEnd = async (taskId: string): Promise<string> => {
    const deadline = Date.now() + TASK_TIMEOUT_SECONDS * 1000;
    let status = 'open';
    while (Date.now() < deadline) {
      ({ status } = (await getJson(
        url,
        token,
        `/api/scaffolder/v2/tasks/${taskId}`,
      )) as { status: string });
      if (['completed', 'failed', 'cancelled'].includes(status)) return status;
      await sleep(200);
    }
    assert.fail(
      `task ${taskId} still ${status} after ${TASK_TIMEOUT_SECONDS}s`,
    );
  };

  before(async () => {
    devstack = await startDevstackProcess({ port: 7174, smtpPort: SMTP_PORT });
    backend = await startBuiltBackend({
      name: 'onboarding',
      port: 7105,
      config: withQuickSandboxCheck(
        onboardingBackendConfig(
          devstack.backendConfig as { runway?: object },
          SMTP_PORT,
        ),
      ),
    });
    url = backend.url;
    token = await guestToken(url);
    await waitForEntity(url, token, 'template/default/engineer-onboarding');
    await waitForEntity(url, token, 'group/default/payments');
    await waitForEntity(url, token, 'user/default/grace-liu');
    await waitForEntity(url, token, 'user/default/priya-raman');
    session = await openGuestSession(url, `${SHOT}failure`);
  });

  after(async () => {
    await session?.close();
    await backend?.stop();
    await devstack?.stop();
  });

  step(
    'Joan Clarke, whom Slack knows, is onboarded from a signed HR hire',
    async () => {
      await provisionSlackUser(JOAN);
      const taskId = await waitForRunTask(await sendHire(JOAN));
      taskIds.set(JOAN.name, taskId);
      await waitForTaskCompleted(url, headers(), taskId, {
        timeoutSeconds: TASK_TIMEOUT_SECONDS,
        pollMs: 200,
        what: `Joan Clarke's onboarding task ${taskId}`,
      });
    },
  );

  step(
    "Alan Turing's onboarding fails at the Slack step: Slack does not know him yet",
    async () => {
      const taskId = await waitForRunTask(await sendHire(ALAN));
      taskIds.set(ALAN.name, taskId);
      assert.equal(await waitForTaskEnd(taskId), 'failed');
    },
  );

  step(
    '/onboarding shows both checklists, newest first: all done, and the failed Slack step with its error and Retry',
    async page => {
      await page.goto(`${url}/onboarding`);
      const joan = runRow(page, JOAN.name);
      const alan = runRow(page, ALAN.name);
      await joan.waitFor({ timeout: UI_TIMEOUT_MS });
      await alan.waitFor({ timeout: UI_TIMEOUT_MS });

      const names = await page
        .getByRole('table', { name: 'New hires' })
        .locator('tbody tr strong')
        .allInnerTexts();
      assert.deepEqual(names, [ALAN.name, JOAN.name], 'newest first');

      // Joan: who, which way, done; every step done, the access one waiting for its merge.
      const person = await cell(joan, 'Person').innerText();
      assert.match(person, /joan-clarke/);
      assert.equal(
        await cell(joan, 'Person')
          .getByRole('link', { name: /payments/i })
          .getAttribute('href'),
        '/catalog/default/group/payments',
      );
      // Her name leads to her own page.
      assert.equal(
        await cell(joan, 'Person')
          .getByRole('link', { name: JOAN.name })
          .getAttribute('href'),
        `/onboarding/hires/${JOAN.idpUserId}`,
      );
      assert.equal(await cell(joan, 'Direction').innerText(), 'joining');
      await cell(joan, 'State')
        .getByText('done', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const joanSteps = checklist(joan, JOAN.name).getByRole('listitem');
      await joanSteps.first().waitFor({ timeout: UI_TIMEOUT_MS });
      assert.deepEqual(
        await joanSteps.evaluateAll(items =>
          items.map(
            i => i.querySelector('.MuiListItemText-primary')?.textContent,
          ),
        ),
        STEP_NAMES,
      );
      for (const name of DONE_STEPS) {
        await stepItem(joan, JOAN.name, name)
          .filter({ hasText: '✓ done' })
          .waitFor({ timeout: UI_TIMEOUT_MS });
      }
      for (const name of SKIPPED_BY_EVENT_RUNS) {
        assert.match(
          await stepItem(joan, JOAN.name, name).innerText(),
          /skipped/,
        );
      }
      const access = stepItem(joan, JOAN.name, ACCESS_STEP);
      assert.match(
        await access.innerText(),
        /waiting for the pull request to merge/,
      );
      const prLink = access.getByRole('link', { name: /Access pull request/ });
      assert.match(
        (await prLink.getAttribute('href')) ?? '',
        /^https?:\/\/.+\/acme\/platform-config\/pull\/\d+$/,
      );
      assert.equal(
        await joan
          .getByRole('link', { name: 'Full task log' })
          .getAttribute('href'),
        `/create/tasks/${taskIds.get(JOAN.name)}`,
      );
      assert.equal(
        await joan.getByRole('button', { name: 'Retry' }).count(),
        0,
      );

      // Alan: failed at Slack, the error from the log, Retry on that step only.
      await cell(alan, 'State')
        .getByText('failed', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const slack = stepItem(alan, ALAN.name, SLACK_STEP);
      await slack
        .getByRole('button', { name: 'Retry' })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const slackText = await slack.innerText();
      assert.match(slackText, /failed/);
      assert.match(
        slackText,
        /No Slack user has the e-mail alan-turing@acme\.example/,
      );
      assert.doesNotMatch(slackText, /\n\s+at /, 'no stack trace');
      assert.equal(
        await alan.getByRole('button', { name: 'Retry' }).count(),
        1,
      );
      // The pull request was opened before the failure.
      assert.match(
        await stepItem(alan, ALAN.name, ACCESS_STEP).innerText(),
        /✓ done, waiting for the pull request to merge/,
      );
      assert.ok(
        STEP_NAMES.includes(SLACK_STEP),
        'the template has the Slack step',
      );
      for (const later of AFTER_SLACK) {
        assert.match(
          await stepItem(alan, ALAN.name, later).innerText(),
          /skipped/,
        );
      }
      await page.mouse.move(0, 0);
      await assertAccessible(page, '/onboarding with two runs');
      await session!.shot(`${SHOT}new-hires`);
    },
  );

  step(
    'once Slack knows Alan, Retry finishes his run and the Slack step turns done',
    async page => {
      await provisionSlackUser(ALAN);
      const alan = runRow(page, ALAN.name);
      const slack = stepItem(alan, ALAN.name, SLACK_STEP);
      await slack.getByRole('button', { name: 'Retry' }).click();

      await slack
        .filter({ hasText: '✓ done' })
        .waitFor({ timeout: TASK_TIMEOUT_SECONDS * 1000 });
      await alan
        .getByRole('button', { name: 'Retry' })
        .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      for (const name of DONE_STEPS) {
        await stepItem(alan, ALAN.name, name)
          .filter({ hasText: '✓ done' })
          .waitFor({ timeout: TASK_TIMEOUT_SECONDS * 1000 });
      }
      await cell(alan, 'State')
        .getByText('done', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await stepItem(alan, ALAN.name, ACCESS_STEP)
        .getByRole('link', { name: /Access pull request/ })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(
        await waitForTaskEnd(taskIds.get(ALAN.name)!),
        'completed',
        'the API agrees',
      );
      await page.mouse.move(0, 0);
      await session!.shot(`${SHOT}retried`);
    },
  );

  step(
    "Joan's own page shows her first-day tasks; one ticked off stays ticked",
    async page => {
      await page.goto(`${url}/onboarding`);
      await page
        .getByRole('table', { name: 'New hires' })
        .getByRole('link', { name: JOAN.name })
        .click();
      await page.waitForURL(`${url}/onboarding/hires/${JOAN.idpUserId}`);
      await page
        .getByRole('heading', { name: `Welcome, ${JOAN.name}` })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const tasks = page.getByRole('list', { name: 'First-day tasks' });
      await tasks.waitFor({ timeout: UI_TIMEOUT_MS });
      await tasks
        .getByRole('checkbox')
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS });
      assert.deepEqual(
        await tasks.locator('.MuiListItemText-primary').allInnerTexts(),
        DEFAULT_FIRST_DAY_TASKS,
      );
      const laptop = tasks.getByRole('checkbox', { name: LAPTOP_TASK });
      assert.equal(await laptop.isChecked(), false);
      await laptop.click();
      await page
        .getByText(`1 of ${DEFAULT_FIRST_DAY_TASKS.length} done`)
        .waitFor({ timeout: UI_TIMEOUT_MS });

      await page.reload();
      await tasks
        .getByRole('checkbox', { name: LAPTOP_TASK, checked: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      const { firstDayTasks } = (await getJson(
        url,
        token,
        `/api/onboarding/hires/${JOAN.idpUserId}`,
      )) as { firstDayTasks: Array<{ title: string; doneAt?: string }> };
      assert.deepEqual(
        firstDayTasks.filter(t => t.doneAt).map(t => t.title),
        [LAPTOP_TASK],
        'the API agrees',
      );
    },
  );

  step(
    'once her access pull request merges and her sandbox is ready, the milestones show with their lead times',
    async page => {
      // The org's webhook sends pull requests to Runway's events backend, as GitHub's would.
      await forge('POST', '/orgs/acme/hooks', {
        name: 'web',
        events: ['pull_request'],
        config: { url: `${url}/api/events/http/github`, content_type: 'json' },
      });
      const pulls = (await forge(
        'GET',
        `/repos/acme/platform-config/pulls?state=open&head=acme:runway/engineer-${JOAN.githubLogin}`,
      )) as Array<{ number: number }>;
      assert.equal(pulls.length, 1, "Joan's access pull request is open");
      await forge(
        'PUT',
        `/repos/acme/platform-config/pulls/${pulls[0].number}/merge`,
        {},
      );

      const milestones = page.getByRole('list', { name: 'Milestones' });
      const access = milestones
        .getByRole('listitem')
        .filter({ hasText: 'Access granted' });
      await access
        .getByText(/^access granted after /)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match(
        await access.innerText(),
        new RegExp(`acme/platform-config#${pulls[0].number}`),
      );
      // Her sandbox (the onboarding's environment of type sandbox) became active.
      const sandbox = milestones
        .getByRole('listitem')
        .filter({ hasText: 'Sandbox ready' });
      await sandbox
        .getByText(/^sandbox ready after /)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      assert.match(await sandbox.innerText(), /sandbox-joan-clarke/);
      assert.match(
        await milestones
          .getByRole('listitem')
          .filter({ hasText: 'First pull request' })
          .innerText(),
        /not yet/,
      );
      // Her checklist's access step knows it merged.
      await page
        .getByRole('list', { name: `Checklist of ${JOAN.name}` })
        .getByRole('listitem')
        .filter({ hasText: ACCESS_STEP })
        .getByText(/the pull request merged/)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await page.mouse.move(0, 0);
      await assertAccessible(page, "Joan Clarke's page");
      await session!.shot(`${SHOT}new-hire`);
    },
  );

  /** The devstack forge's REST API, as GitHub's. */
  async function forge(method: string, apiPath: string, body?: object) {
    const res = await fetch(`${devstack!.base}/api/v3${apiPath}`, {
      method,
      headers: {
        Authorization: `token ${FORGE_TOKEN}`,
        Accept: 'application/vnd.github+json',
        ...(body && { 'Content-Type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
    });
    assert.ok(
      res.ok,
      `${method} ${apiPath}: ${res.status} ${await res.clone().text()}`,
    );
    return res.status === 204 ? undefined : res.json();
  }
});

/** The hires' sandboxes checked every 5 s (and first after 5 s), not every minute. */
function withQuickSandboxCheck<T extends { runway: { onboarding: object } }>(
  config: T,
): T {
  return {
    ...config,
    runway: {
      ...config.runway,
      onboarding: {
        ...config.runway.onboarding,
        sandboxCheckIntervalSeconds: 5,
      },
    },
  };
}

/** The row of the New hires table for `name`. */
function runRow(page: Page, name: string): Locator {
  return page
    .getByRole('table', { name: 'New hires' })
    .getByRole('row')
    .filter({ has: page.locator('strong', { hasText: name }) });
}

/** A cell of a New hires row, by its column heading. */
function cell(row: Locator, column: string): Locator {
  assert.ok(COLUMNS.includes(column), `no column ${column}`);
  return row.getByRole('cell').nth(COLUMNS.indexOf(column));
}

function checklist(row: Locator, name: string): Locator {
  return row.getByRole('list', { name: `Checklist of ${name}` });
}

/** One step of a run's checklist, by the step's whole name (one name may begin another's). */
function stepItem(row: Locator, name: string, step: string): Locator {
  return checklist(row, name)
    .getByRole('listitem')
    .filter({ has: row.page().getByText(step, { exact: true }) });
}
