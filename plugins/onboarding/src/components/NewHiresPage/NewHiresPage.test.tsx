import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  FakeOnboardingBackend,
  FakeTask,
  SCAFFOLDER_URL,
  aPerson,
  aRun,
  errorResponse,
} from '../../__testUtils__/fakeOnboardingBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { NEW_HIRES_COLUMNS } from './columns';
import { NewHiresPage } from './NewHiresPage';

const MINUTE = 60_000;
const ago = (minutes: number) =>
  new Date(Date.now() - minutes * MINUTE).toISOString();

const SLACK_ERROR =
  'No Slack user has the e-mail not-in-slack@acme.example (input `email`). The person must have a Slack account first: they accept their Slack invitation, or SCIM provisions them. Retry this step afterwards.';

describe('NewHiresPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeOnboardingBackend;
  beforeEach(() => {
    backend = new FakeOnboardingBackend();
    server.use(...backend.handlers());
  });

  /** Polls every 100 ms, so "live" shows within a test's patience. */
  const renderPage = (pollMs = 100) =>
    renderWithBackend(<NewHiresPage pollMs={pollMs} />, {
      path: '/onboarding',
      mountPath: '/onboarding/*',
    });

  const rowOf = async (name: string) =>
    (await screen.findByText(name)).closest('tr') as HTMLElement;
  const cell = (row: HTMLElement, column: string) =>
    within(row).getAllByRole('cell')[NEW_HIRES_COLUMNS.indexOf(column)];
  const stepOf = async (row: HTMLElement, name: string | RegExp) =>
    (await within(row).findByText(name)).closest('li') as HTMLElement;

  it('lists every run newest first: who, which way, its state', async () => {
    backend.runs = [
      aRun('ada-lovelace', { createdAt: ago(30) }),
      aRun('linus-t', { kind: 'offboard', createdAt: ago(5) }),
      aRun('no-email', {
        state: 'incomplete',
        taskId: undefined,
        createdAt: ago(15),
      }),
    ];
    backend.addTask(new FakeTask('task-ada-lovelace').run().complete());
    backend.addTask(new FakeTask('task-linus-t').run({ until: 'slack' }));
    renderPage();

    const table = await screen.findByRole('table', { name: 'New hires' });
    await within(table).findByText('Ada Lovelace');
    const names = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => row.querySelector('strong')?.textContent);
    expect(names).toEqual(['Linus T', 'No Email', 'Ada Lovelace']);

    const ada = await rowOf('Ada Lovelace');
    expect(cell(ada, 'Person')).toHaveTextContent('ada-lovelace');
    expect(
      within(cell(ada, 'Person')).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(cell(ada, 'Person')).toHaveTextContent('first day 2027-01-04');
    expect(cell(ada, 'Direction')).toHaveTextContent('joining');
    expect(
      await within(cell(ada, 'State')).findByText('done'),
    ).toBeInTheDocument();

    const linus = await rowOf('Linus T');
    expect(cell(linus, 'Direction')).toHaveTextContent('leaving');
    expect(
      await within(cell(linus, 'State')).findByText('in progress'),
    ).toBeInTheDocument();
    expect(
      within(cell(await rowOf('No Email'), 'State')).getByText('incomplete'),
    ).toBeInTheDocument();
  });

  it('links each hire to their own page, which the welcome e-mail links to', async () => {
    backend.runs = [
      aRun('ada-lovelace'),
      aRun('linus-t', {
        kind: 'offboard',
        taskId: undefined,
        state: 'received',
      }),
    ];
    backend.addTask(new FakeTask('task-ada-lovelace').run().complete());
    renderPage();

    expect(
      await screen.findByRole('link', { name: 'Ada Lovelace' }),
    ).toHaveAttribute('href', '/onboarding/hires/00u-ada-lovelace');
    // Someone leaving has no new-hire page.
    await screen.findByText('Linus T');
    expect(screen.queryByRole('link', { name: 'Linus T' })).toBeNull();
  });

  it('says what to set for an incomplete run, and reads no task for it', async () => {
    backend.runs = [
      aRun('no-email', {
        state: 'incomplete',
        taskId: undefined,
        person: aPerson('no-email', { email: '' }),
        lastError:
          'no-email cannot be onboarded yet: email: missing; set the work e-mail (the welcome mail and Slack need it)',
      }),
    ];
    renderPage();

    const row = await rowOf('No Email');
    const alert = within(cell(row, 'Checklist')).getByRole('alert');
    expect(alert).toHaveTextContent(
      'What to set' +
        'no-email cannot be onboarded yet: email: missing; set the work e-mail (the welcome mail and Slack need it)',
    );
    expect(within(row).queryByRole('list')).toBeNull();
    expect(
      within(row).queryByRole('link', { name: 'Full task log' }),
    ).toBeNull();
    expect(backend.requests.filter(r => r.path.startsWith('/v2/'))).toEqual([]);
  });

  it('shows a completed run as a checklist of done steps, the access one waiting for its pull request to merge', async () => {
    backend.runs = [aRun('ada-lovelace')];
    const task = backend.addTask(
      new FakeTask('task-ada-lovelace').run().complete(),
    );
    renderPage();

    const row = await rowOf('Ada Lovelace');
    const checklist = await within(row).findByRole('list', {
      name: 'Checklist of Ada Lovelace',
    });
    const steps = within(checklist).getAllByRole('listitem');
    expect(steps.map(s => s.textContent)).toEqual([
      'Check the person, the team and the people around them✓ done',
      'Open the access pull request (GitHub, SSO, sandbox)✓ done, waiting for the pull request to merge: Access pull request, Opens in a new window',
      "Add to the team's Slack channels and standup usergroup✓ done",
      'Send the welcome e-mail and the orientation meetings✓ done',
      'Tell the manager✓ done',
    ]);
    expect(
      within(steps[1]).getByRole('link', { name: /Access pull request/ }),
    ).toHaveAttribute('href', task.prUrl);
    expect(
      within(row).getByRole('link', { name: 'Full task log' }),
    ).toHaveAttribute('href', '/create/tasks/task-ada-lovelace');
    expect(within(row).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows a failed step with its error and Retry; Retry posts, refreshes, and the step turns done', async () => {
    backend.runs = [aRun('not-in-slack')];
    const task = backend.addTask(
      new FakeTask('task-not-in-slack')
        .run({ until: 'slack' })
        .fail('slack', SLACK_ERROR),
    );
    // Slow polling: the refresh after Retry is what shows the outcome.
    renderPage(60_000);

    const row = await rowOf('Not In Slack');
    const slack = await stepOf(row, /^Add to the team's Slack channels/);
    expect(slack).toHaveTextContent(`failed${SLACK_ERROR}`);
    expect(slack).not.toHaveTextContent('NunjucksWorkflowRunner');
    expect(slack).not.toHaveTextContent('InputError');
    // The pull request was opened before the failure: its link comes from the step's log.
    const access = await stepOf(row, /^Open the access pull request/);
    expect(access).toHaveTextContent(
      'done, waiting for the pull request to merge',
    );
    expect(
      within(access).getByRole('link', { name: /Access pull request/ }),
    ).toHaveAttribute('href', task.prUrl);
    expect(await stepOf(row, 'Tell the manager')).toHaveTextContent('skipped');
    expect(within(cell(row, 'State')).getByText('failed')).toBeInTheDocument();
    expect(within(row).getAllByRole('button', { name: 'Retry' })).toHaveLength(
      1,
    );

    const retry = within(slack).getByRole('button', { name: 'Retry' });
    // Two clicks before React re-renders: one retry.
    fireEvent.click(retry);
    fireEvent.click(retry);

    await waitFor(() =>
      expect(within(row).queryByRole('button', { name: 'Retry' })).toBeNull(),
    );
    expect(
      await within(row).findByText(
        (_, el) =>
          el?.tagName === 'LI' &&
          /^Add to the team's Slack channels.*✓ done$/.test(el.textContent!),
      ),
    ).toBeInTheDocument();
    expect(await stepOf(row, 'Tell the manager')).toHaveTextContent('✓ done');
    expect(within(cell(row, 'State')).getByText('done')).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/v2/tasks/task-not-in-slack/retry'),
    ).toEqual([expect.objectContaining({ body: {} })]);
  });

  it('follows a running task live, without a reload', async () => {
    backend.runs = [aRun('ada-lovelace')];
    const task = backend.addTask(
      new FakeTask('task-ada-lovelace').run({ until: 'slack' }).begin('slack'),
    );
    renderPage();

    const row = await rowOf('Ada Lovelace');
    const slack = await stepOf(row, /^Add to the team's Slack channels/);
    expect(slack).toHaveTextContent('running');
    expect(await stepOf(row, 'Tell the manager')).toHaveTextContent(
      'not started',
    );
    expect(
      within(cell(row, 'State')).getByText('in progress'),
    ).toBeInTheDocument();

    task.finish('slack').run({ from: 'welcome' }).complete();

    await waitFor(async () =>
      expect(await stepOf(row, 'Tell the manager')).toHaveTextContent('✓ done'),
    );
    expect(within(cell(row, 'State')).getByText('done')).toBeInTheDocument();
  });

  it('shows a run as it starts: waiting, then queued, then its checklist', async () => {
    const run = aRun('ada-lovelace', {
      state: 'received',
      taskId: undefined,
    });
    backend.runs = [run];
    renderPage();

    const row = await rowOf('Ada Lovelace');
    expect(cell(row, 'Checklist')).toHaveTextContent(
      'Waiting for a worker to read the person and start the checklist.',
    );

    const task = backend.addTask(new FakeTask('task-ada-lovelace'));
    task.events.splice(0);
    task.status = 'open';
    backend.runs = [{ ...run, state: 'started', taskId: task.id }];
    expect(
      await within(cell(row, 'State')).findByText('queued'),
    ).toBeInTheDocument();
    expect(await stepOf(row, 'Tell the manager')).toHaveTextContent(
      'not started',
    );
    // A task not picked up has no events yet: its log is not asked for (it would wait for one).
    expect(
      backend.requestsTo('GET', '/v2/tasks/task-ada-lovelace/events'),
    ).toEqual([]);

    task.status = 'processing';
    task.run();
    task.complete();
    expect(
      await within(cell(row, 'State')).findByText('done'),
    ).toBeInTheDocument();
  });

  it("tells anyone outside the platform team that the runs are the platform team's", async () => {
    backend.forbidden = true;
    renderPage();

    expect(
      await screen.findByText(
        /^Only the platform team sees onboarding runs: they hold personal data/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(backend.requestsTo('GET', '/runs')).toHaveLength(1);
  });

  it('says why a Retry was refused', async () => {
    backend.runs = [aRun('not-in-slack')];
    backend.addTask(
      new FakeTask('task-not-in-slack')
        .run({ until: 'slack' })
        .fail('slack', SLACK_ERROR),
    );
    server.use(
      http.post(`${SCAFFOLDER_URL}/v2/tasks/:id/retry`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'You are not allowed to retry this task',
        ),
      ),
    );
    renderPage(60_000);

    const row = await rowOf('Not In Slack');
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Retry' }),
    );

    expect(await within(row).findByRole('alert')).toHaveTextContent(
      'Could not retry: You are not allowed to retry this task',
    );
    expect(within(row).getByRole('button', { name: 'Retry' })).toBeEnabled();
  });

  it('renders what the API says as text, and links only to http(s)', async () => {
    const html = '<img src=x onerror="alert(1)">';
    // eslint-disable-next-line no-script-url -- the link the page must refuse
    const scriptUrl = 'javascript:alert(1)';
    backend.runs = [
      aRun('mallory', {
        person: aPerson('mallory', { name: `Mallory ${html}` }),
      }),
    ];
    const task = backend.addTask(
      new FakeTask('task-mallory', undefined, scriptUrl),
    );
    task.run({ until: 'slack' }).fail('slack', `Bad ${html}`);
    const { container } = await renderPage();

    const row = await rowOf(`Mallory ${html}`);
    expect(
      await within(row).findByText(`Bad ${html}`, { exact: false }),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(
      within(row).queryByRole('link', { name: /Access pull request/ }),
    ).toBeNull();
  });
});
