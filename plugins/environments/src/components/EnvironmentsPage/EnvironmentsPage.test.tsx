import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  BASE_URL,
  DAY,
  FakeEnvironmentsBackend,
  HOUR,
  aSandbox,
  anEnvironment,
  errorResponse,
} from '../../__testUtils__/fakeEnvironmentsBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { EnvironmentsPage } from './EnvironmentsPage';

describe('EnvironmentsPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeEnvironmentsBackend;
  beforeEach(() => {
    backend = new FakeEnvironmentsBackend([
      anEnvironment('pr-1234-checkout'),
      anEnvironment('perf-run', {
        type: 'performance',
        requestedBy: 'user:default/grace',
      }),
      anEnvironment('ledger-demo', {
        ownerTeam: 'group:default/ledger',
        requestedBy: 'user:default/linus',
      }),
    ]);
    server.use(...backend.handlers());
  });

  const renderPage = (path = '/environments') =>
    renderWithBackend(<EnvironmentsPage />, {
      path,
      mountPath: '/environments/*',
    });

  const rowOf = async (name: string) =>
    (await screen.findByRole('link', { name })).closest('tr') as HTMLElement;

  it('lists my environments first, with what they run, their countdown and cost', async () => {
    renderPage();

    const row = await rowOf('pr-1234-checkout');
    expect(backend.requestsTo('GET', '/environments')[0].query).toEqual({
      filter: 'mine',
    });
    expect(screen.queryByText('ledger-demo')).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Mine' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const cells = within(row);
    expect(
      cells.getByRole('link', { name: 'pr-1234-checkout' }),
    ).toHaveAttribute('href', '/environments/pr-1234-checkout');
    expect(cells.getByText('feature')).toBeInTheDocument();
    expect(cells.getByText('active')).toBeInTheDocument();
    expect(cells.getByText('feature/pay-later')).toBeInTheDocument();
    expect(cells.getByRole('link', { name: 'checkout-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api',
    );
    expect(
      cells.getByRole('link', {
        name: /^https:\/\/checkout-api\.pr-1234-checkout\.env\.acme\.test/,
      }),
    ).toHaveAttribute(
      'href',
      'https://checkout-api.pr-1234-checkout.env.acme.test',
    );
    expect(cells.getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
    expect(cells.getByText(/^2d 23h 59m$/)).toBeInTheDocument();
    expect(cells.getByText(/12\.34 so far/)).toBeInTheDocument();
    expect(cells.getByText(/30\.50 projected/)).toBeInTheDocument();
  });

  it('switches to my team and to everyone', async () => {
    renderPage();
    await rowOf('pr-1234-checkout');

    await userEvent.click(screen.getByRole('tab', { name: 'All' }));
    expect(await rowOf('ledger-demo')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'My team' }));
    await waitFor(() =>
      expect(screen.queryByText('ledger-demo')).not.toBeInTheDocument(),
    );
    expect(await rowOf('perf-run')).toBeInTheDocument();
    expect(
      backend.requestsTo('GET', '/environments').map(r => r.query.filter),
    ).toEqual(['mine', 'all', 'team']);
  });

  it("shows each team's cost this month: my teams under My team, every team under All, none under Mine", async () => {
    const month = new Date().toLocaleDateString(undefined, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const costTable = () =>
      screen.findByRole('table', { name: `Cost in ${month} so far` });
    // Destroyed two days early: 5.00 spent of the 20.00 it would have cost, 15.00 saved.
    backend.environments.push(
      anEnvironment('old-demo', {
        state: 'destroyed',
        costSoFar: 5,
        projectedCost: 20,
      }),
    );
    renderPage('/environments?filter=team');

    const mine = within(await costTable());
    const payments = mine
      .getByRole('link', { name: 'payments' })
      .closest('tr')!;
    // Three environments of payments (12.34, 12.34 and 5.00), 48 h each.
    expect(
      within(payments as HTMLElement)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'payments',
      '3',
      '144.0',
      expect.stringMatching(/29\.68/),
      expect.stringMatching(/15\.00/),
    ]);
    expect(mine.queryByRole('link', { name: 'ledger' })).toBeNull();

    await userEvent.click(screen.getByRole('tab', { name: 'All' }));
    await waitFor(async () =>
      expect(
        within(await costTable()).getByRole('link', { name: 'ledger' }),
      ).toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Mine' }));
    await rowOf('pr-1234-checkout');
    expect(
      screen.queryByRole('table', { name: `Cost in ${month} so far` }),
    ).toBeNull();
  });

  it('highlights an environment with less than a day left', async () => {
    backend.environments[0].expiresAt = new Date(
      Date.now() + 2 * HOUR,
    ).toISOString();
    renderPage();

    const row = await rowOf('pr-1234-checkout');
    expect(within(row).getByTitle('Less than a day left')).toBeInTheDocument();
    expect(within(row).getByText(/^1h 59m \d+s$/)).toBeInTheDocument();
  });

  it('extends by 7 days and shows the new countdown', async () => {
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Extend pr-1234-checkout by 7 days',
      }),
    );

    expect(
      await screen.findByText(/Extended pr-1234-checkout by 7 days/),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/extend'),
    ).toEqual([expect.objectContaining({ body: { days: 7 } })]);
    expect(await within(row).findByText(/^9d 23h 59m$/)).toBeInTheDocument();
    expect(backend.requestsTo('GET', '/environments')).toHaveLength(2);
  });

  it('sends one extension for a double click, and keeps other rows usable meanwhile', async () => {
    renderPage('/environments?filter=all');
    const row = await rowOf('pr-1234-checkout');
    const extend = within(row).getByRole('button', {
      name: 'Extend pr-1234-checkout by 1 day',
    });

    // Two clicks before React re-renders, so the button is not disabled yet.
    fireEvent.click(extend);
    fireEvent.click(extend);

    expect(
      await screen.findByText(/Extended pr-1234-checkout by 1 day/),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/extend'),
    ).toHaveLength(1);
    // Another environment's buttons never waited for this one.
    expect(
      within(await rowOf('perf-run')).getByRole('button', {
        name: 'Extend perf-run by 1 day',
      }),
    ).toBeEnabled();
  });

  it('says so when the maximum lifetime cuts an extension short', async () => {
    const env = backend.environments[0];
    env.expiresAt = new Date(
      Date.parse(env.maxExpiresAt!) - 2 * DAY,
    ).toISOString();
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Extend pr-1234-checkout by 7 days',
      }),
    );

    expect(
      await screen.findByText(
        /pr-1234-checkout was extended only to .*: an environment lives at most 30 days after it was created/,
      ),
    ).toBeInTheDocument();
  });

  it('disables Extend at the maximum lifetime, and says why', async () => {
    const env = backend.environments[0];
    env.expiresAt = env.maxExpiresAt;
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    const extendOneDay = within(row).getByRole('button', {
      name: 'Extend pr-1234-checkout by 1 day',
    });
    expect(extendOneDay).toBeDisabled();
    expect(
      within(row).getByRole('button', {
        name: 'Extend pr-1234-checkout by 7 days',
      }),
    ).toBeDisabled();
    await userEvent.hover(extendOneDay.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /already expires at its maximum lifetime \(30 days after it was created/,
    );
  });

  it('shows the backend message when an extension is refused', async () => {
    server.use(
      http.post(`${BASE_URL}/environments/:name/extend`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'Only members of group:default/payments (the owner team) or group:default/platform may extend environment pr-1234-checkout; user:default/ada is in neither.',
        ),
      ),
    );
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Extend pr-1234-checkout by 1 day',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not extend pr-1234-checkout by 1 day: Only members of group:default/payments (the owner team) or group:default/platform may extend environment pr-1234-checkout; user:default/ada is in neither.',
    );
  });

  it('destroys only once the name is typed', async () => {
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    await userEvent.click(
      within(row).getByRole('button', { name: 'Destroy pr-1234-checkout' }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Destroy' });
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByLabelText(
      'Type pr-1234-checkout to confirm',
    );
    await userEvent.type(input, 'pr-1234');
    expect(confirm).toBeDisabled();
    expect(
      backend.requestsTo('DELETE', '/environments/pr-1234-checkout'),
    ).toEqual([]);

    await userEvent.type(input, '-checkout');
    await userEvent.click(confirm);

    expect(
      await screen.findByText('Destroyed pr-1234-checkout.'),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('DELETE', '/environments/pr-1234-checkout'),
    ).toHaveLength(1);
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'pr-1234-checkout' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('tells when a teardown continues in the background', async () => {
    backend.teardownInBackground = true;
    renderPage();
    const row = await rowOf('pr-1234-checkout');

    await userEvent.click(
      within(row).getByRole('button', { name: 'Destroy pr-1234-checkout' }),
    );
    await userEvent.type(
      screen.getByLabelText('Type pr-1234-checkout to confirm'),
      'pr-1234-checkout',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Destroy' }));

    expect(
      await screen.findByText(
        'pr-1234-checkout is being torn down; the teardown continues in the background.',
      ),
    ).toBeInTheDocument();
    expect(await within(row).findByText('tearing down')).toBeInTheDocument();
    expect(
      within(row).queryByRole('button', { name: /Extend/ }),
    ).not.toBeInTheDocument();
  });

  it('keeps an environment alive only when asked', async () => {
    renderPage();
    const row = await rowOf('pr-1234-checkout');
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/activity'),
    ).toEqual([]);

    await userEvent.click(
      within(row).getByRole('button', { name: 'Keep alive: pr-1234-checkout' }),
    );

    expect(
      await screen.findByText(/Kept pr-1234-checkout alive/),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/activity'),
    ).toEqual([expect.objectContaining({ body: { kind: 'keep-alive' } })]);
  });

  it('opens on the Keep alive link of an idle warning and keeps it alive in one click', async () => {
    renderPage('/environments/pr-1234-checkout?keepAlive=1');

    const dialog = await screen.findByRole('dialog', {
      name: 'Keep pr-1234-checkout alive?',
    });
    expect(dialog).toHaveTextContent(
      /has had no push to its branches, deploy or keep-alive since/,
    );
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/activity'),
    ).toEqual([]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Keep alive' }),
    );

    expect(
      await screen.findByText(/Kept pr-1234-checkout alive/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/activity'),
    ).toEqual([expect.objectContaining({ body: { kind: 'keep-alive' } })]);
  });

  it('opens on the Extend link of an expiry warning and extends in one click', async () => {
    backend.environments[0].expiresAt = new Date(
      Date.now() + 5 * HOUR,
    ).toISOString();
    renderPage('/environments/pr-1234-checkout?extend=1');

    const dialog = await screen.findByRole('dialog', {
      name: 'Extend pr-1234-checkout by 1 day?',
    });
    expect(
      await within(dialog).findByText(/Extended, it expires/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Extend' }),
    );

    expect(
      await screen.findByText(/Extended pr-1234-checkout by 1 day/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/environments/pr-1234-checkout/extend'),
    ).toEqual([expect.objectContaining({ body: { days: 1 } })]);
  });

  it('accepts ?extend=<name>&days=N on the list too', async () => {
    renderPage('/environments?extend=perf-run&days=3');

    const dialog = await screen.findByRole('dialog', {
      name: 'Extend perf-run by 3 days?',
    });
    await within(dialog).findByText(/Extended, it expires/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Extend' }),
    );

    expect(
      await screen.findByText(/Extended perf-run by 3 days/),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/environments/perf-run/extend')).toEqual(
      [expect.objectContaining({ body: { days: 3 } })],
    );
  });

  it('extends nothing when the link is dismissed', async () => {
    renderPage('/environments?extend=perf-run');

    const dialog = await screen.findByRole('dialog', {
      name: 'Extend perf-run by 1 day?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.requestsTo('POST', '/environments/perf-run/extend')).toEqual(
      [],
    );
  });

  it('shows my sandbox with no expiry: nothing to extend or keep alive, only Destroy', async () => {
    backend.environments.push(aSandbox('sandbox-ada'));
    renderPage();
    const row = within(await rowOf('sandbox-ada'));
    expect(row.getByText('sandbox')).toBeInTheDocument();
    expect(row.getByText('no expiry')).toBeInTheDocument();
    expect(row.queryByRole('button', { name: /^Extend/ })).toBeNull();
    expect(row.queryByRole('button', { name: /^Keep/ })).toBeNull();
    expect(
      row.getByRole('button', { name: 'Destroy sandbox-ada' }),
    ).toBeEnabled();
  });

  it('shows a sandbox’s engineer, the team it is charged to, and that it never expires', async () => {
    backend.environments.push(aSandbox('sandbox-ada'));
    renderPage('/environments/sandbox-ada');
    const summary = within(
      await screen.findByRole('table', { name: 'Environment sandbox-ada' }),
    );
    expect(
      summary.getByText(
        'Never: a sandbox stays until its engineer is offboarded',
      ),
    ).toBeInTheDocument();
    expect(summary.queryByText('Latest possible expiry')).toBeNull();
    const rowNamed = (label: string) =>
      within(summary.getByText(label).closest('tr') as HTMLElement);
    expect(
      rowNamed('Engineer').getByRole('link', { name: 'ada' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(
      rowNamed('Team (charged for it)').getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
  });

  it('shows one environment with its history on its own page', async () => {
    renderPage('/environments/ledger-demo');

    expect(
      await screen.findByRole('table', { name: 'Environment ledger-demo' }),
    ).toBeInTheDocument();
    expect(screen.getByText('2 CPU cores, 4 GiB memory')).toBeInTheDocument();
    expect(screen.getByText('Nothing recorded yet.')).toBeInTheDocument();
  });

  it('shows a failed environment with its reason, and still lets its team destroy it', async () => {
    backend.environments.push(
      anEnvironment('pr-9-broken', {
        state: 'failed',
        failureReason:
          'rw-pr-9-broken-checkout-api: ComparisonError: deploy: app path does not exist',
      }),
    );
    renderPage('/environments/pr-9-broken');

    expect(
      await screen.findByRole('table', { name: 'Environment pr-9-broken' }),
    ).toBeInTheDocument();
    expect(screen.getByText('failed')).toBeInTheDocument();
    expect(screen.getByLabelText('Why it failed')).toHaveTextContent(
      'Environment pr-9-broken failed: rw-pr-9-broken-checkout-api: ComparisonError: deploy: app path does not exist.',
    );
    expect(screen.getByRole('button', { name: /destroy/i })).toBeEnabled();
  });
});
