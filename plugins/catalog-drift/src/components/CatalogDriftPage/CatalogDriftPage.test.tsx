import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  API_URL,
  FakeCatalogDriftBackend,
  aProblem,
  errorResponse,
  hoursAgo,
} from '../../__testUtils__/fakeCatalogDriftBackend';
import {
  Authorize,
  renderWithBackend,
} from '../../__testUtils__/renderWithBackend';
import {
  COLUMNS,
  CatalogDriftPage,
  NO_DRIFT_MESSAGE,
  undecidedMessage,
  PLATFORM_ONLY_MESSAGE,
  formatDateTime,
} from './CatalogDriftPage';

const OWNER_FIX =
  'Set spec.owner in the entity’s catalog-info.yaml (catalog-info.yaml of acme/billing) to an existing team.';

describe('CatalogDriftPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeCatalogDriftBackend;
  beforeEach(() => {
    backend = new FakeCatalogDriftBackend();
    server.use(...backend.handlers());
  });

  const cell = (row: HTMLElement, column: string) =>
    within(row).getAllByRole('cell')[COLUMNS.indexOf(column)];
  const rows = async () => {
    const table = await screen.findByRole('table', { name: 'Catalogue drift' });
    return within(table).getAllByRole('row').slice(1);
  };

  it('lists each problem: the entity linked to its page, kind, problem, fix, first and last seen; and when the check ran', async () => {
    const checkedAt = hoursAgo(1);
    const repository = aProblem();
    const owner = aProblem({
      kind: 'owner-missing',
      entityRef: 'component:default/billing',
      message: 'spec.owner group:default/payments-old is in no catalogue',
      fix: OWNER_FIX,
      firstSeenAt: hoursAgo(48),
      lastSeenAt: checkedAt,
    });
    backend.report = { checkedAt, problems: [repository, owner] };
    renderWithBackend(<CatalogDriftPage />);

    const [first, second] = await rows();
    expect(
      within(cell(first, 'Entity')).getByRole('link', {
        name: /cart-service/,
      }),
    ).toHaveAttribute('href', '/catalog/default/component/cart-service');
    expect(cell(first, 'Kind')).toHaveTextContent('repository missing');
    expect(cell(first, 'Problem')).toHaveTextContent(repository.message);
    expect(cell(first, 'Fix')).toHaveTextContent(repository.fix);
    expect(cell(first, 'First seen')).toHaveTextContent(
      formatDateTime(repository.firstSeenAt),
    );
    expect(cell(first, 'Last seen')).toHaveTextContent(
      formatDateTime(repository.lastSeenAt),
    );

    expect(
      within(cell(second, 'Entity')).getByRole('link', { name: /billing/ }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(cell(second, 'Kind')).toHaveTextContent('owner missing');
    expect(cell(second, 'Fix')).toHaveTextContent(OWNER_FIX);

    expect(
      screen.getByText(`Last checked ${formatDateTime(checkedAt)}`),
    ).toBeInTheDocument();
    expect(screen.queryByText(NO_DRIFT_MESSAGE)).toBeNull();
  });

  it('says there is no drift when the last check found nothing', async () => {
    backend.report = { checkedAt: hoursAgo(1), problems: [] };
    renderWithBackend(<CatalogDriftPage />);

    expect(await screen.findByText(NO_DRIFT_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('never says there is no drift while some entities could not be checked', async () => {
    backend.report = { checkedAt: hoursAgo(1), undecided: 2, problems: [] };
    renderWithBackend(<CatalogDriftPage />);

    expect(await screen.findByText(undecidedMessage(2))).toBeInTheDocument();
    expect(screen.queryByText(NO_DRIFT_MESSAGE)).toBeNull();
  });

  it('says why the last check left entities undecided', async () => {
    const reason =
      'Stopped asking GitHub (github.com, acme) with 999 requests of its rate limit left until 2026-12-03T06:00:00.000Z, to keep the reserve of 1000 (runway.catalogDrift.rateLimitReserve) for the golden paths; the next run decides the rest.';
    backend.report = {
      checkedAt: hoursAgo(1),
      undecided: 3,
      undecidedReasons: [reason],
      problems: [],
    };
    renderWithBackend(<CatalogDriftPage />);

    expect(await screen.findByText(undecidedMessage(3))).toBeInTheDocument();
    expect(screen.getByText(reason)).toBeInTheDocument();
  });

  it('labels a moved and an archived repository', async () => {
    backend.report = {
      checkedAt: hoursAgo(1),
      problems: [
        aProblem({ kind: 'repository-moved' }),
        aProblem({
          kind: 'repository-archived',
          entityRef: 'component:default/reports',
        }),
      ],
    };
    renderWithBackend(<CatalogDriftPage />);

    expect(await screen.findByText('repository moved')).toBeInTheDocument();
    expect(screen.getByText('repository archived')).toBeInTheDocument();
  });

  it('says the check has not run yet rather than that there is no drift', async () => {
    backend.report = { problems: [] };
    renderWithBackend(<CatalogDriftPage />);

    expect(
      await screen.findByText(/The check has not run yet/),
    ).toBeInTheDocument();
    expect(screen.queryByText(NO_DRIFT_MESSAGE)).toBeNull();
  });

  it('Check now posts the check, then reads the problems again', async () => {
    backend.report = { checkedAt: hoursAgo(2), problems: [aProblem()] };
    backend.nextProblems = [];
    renderWithBackend(<CatalogDriftPage />);

    await rows();
    const button = await screen.findByRole('button', { name: 'Check now' });
    // Two clicks before React re-renders: one check.
    fireEvent.click(button);
    fireEvent.click(button);

    expect(await screen.findByText(NO_DRIFT_MESSAGE)).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/check')).toHaveLength(1);
    expect(backend.requestsTo('GET', '/problems')).toHaveLength(2);
    expect(
      screen.getByText(
        `Last checked ${formatDateTime(backend.report.checkedAt!)}`,
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled(),
    );
  });

  it('shows why the check did not run, and keeps the report', async () => {
    backend.report = { checkedAt: hoursAgo(2), problems: [aProblem()] };
    backend.checkFails = {
      status: 500,
      name: 'Error',
      message: 'The catalogue could not be read',
    };
    renderWithBackend(<CatalogDriftPage />);

    await rows();
    fireEvent.click(await screen.findByRole('button', { name: 'Check now' }));

    expect(
      await screen.findByText(
        'The check did not run: The catalogue could not be read',
      ),
    ).toBeInTheDocument();
    expect(await rows()).toHaveLength(1);
  });

  it('offers no Check now to someone who may read the drift but not run the check', async () => {
    backend.report = { checkedAt: hoursAgo(2), problems: [aProblem()] };
    const authorize = jest.fn<ReturnType<Authorize>, Parameters<Authorize>>(
      () => AuthorizeResult.DENY,
    );
    renderWithBackend(<CatalogDriftPage />, { authorize });

    await rows();
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'catalog-drift.check.run',
        }),
      }),
    );
  });

  it('tells anyone outside the platform team that the drift is theirs, with no table and no button', async () => {
    backend.forbidden = true;
    backend.report = { checkedAt: hoursAgo(2), problems: [aProblem()] };
    renderWithBackend(<CatalogDriftPage />, {
      authorize: () => AuthorizeResult.DENY,
    });

    expect(await screen.findByText(PLATFORM_ONLY_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
    expect(screen.queryByText(/Could not read/)).toBeNull();
  });

  it('shows any other failure to read the report as an error', async () => {
    server.use(
      http.get(`${API_URL}/catalog-drift/problems`, () =>
        errorResponse(500, 'Error', 'database is locked'),
      ),
    );
    renderWithBackend(<CatalogDriftPage />);

    expect(
      await screen.findByText(
        'Could not read the catalogue drift: database is locked',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(PLATFORM_ONLY_MESSAGE)).toBeNull();
  });
});
