import { fetchApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  fireEvent,
  screen,
  waitFor,
  waitForElementToBeRemoved,
  within,
} from '@testing-library/react';
import { ImpactAnswer } from './useImpactReport';
import { ImpactPage } from './ImpactPage';

const BASE_URL = 'http://backstage.test/api/impact';
const MINUTE = 60_000;
const DAY = 86_400_000;

const LABELS = {
  newServiceTask: 'Time to a new service (the golden path run)',
  successRate: 'Runs that succeed',
  adoption: 'Engineers who used a golden path',
  runsPerWeek: 'Golden-path runs per week',
  environmentsTornDownEarly: 'Environments torn down before their end',
  costAvoided: 'Cost avoided by early teardown',
} as const;

function aReport(overrides: Partial<ImpactAnswer> = {}): ImpactAnswer {
  return {
    from: '2025-01-01T00:00:00.000Z',
    to: '2025-01-29T00:00:00.000Z',
    currency: 'EUR',
    figures: [
      {
        id: 'newServiceTask',
        label: LABELS.newServiceTask,
        unit: 'duration',
        value: 12 * MINUTE,
        sample: 14,
        formula: 'Median of new-service runs.',
        before: '2 to 3 weeks',
      },
      {
        id: 'successRate',
        label: LABELS.successRate,
        unit: 'percent',
        value: 92.6,
        sample: 27,
        formula: 'Completed ÷ ended.',
        before: 'About 60 %',
      },
      {
        id: 'adoption',
        label: LABELS.adoption,
        unit: 'percent',
        sample: 0,
        formula: 'People who ran one ÷ people.',
        before: 'Nobody',
      },
      {
        id: 'runsPerWeek',
        label: LABELS.runsPerWeek,
        unit: 'perWeek',
        value: 4.25,
        sample: 17,
        formula: 'Runs ÷ weeks.',
        before: '1 a week',
      },
      {
        id: 'environmentsTornDownEarly',
        label: LABELS.environmentsTornDownEarly,
        unit: 'count',
        value: 3,
        sample: 3,
        formula: 'Environments torn down early.',
        before: 'None',
      },
      {
        id: 'costAvoided',
        label: LABELS.costAvoided,
        unit: 'money',
        value: 1234.5,
        sample: 3,
        formula: 'Hourly rate × hours saved.',
      },
    ],
    templates: [
      {
        template: 'template:default/new-service',
        runs: 12,
        completed: 10,
        failed: 1,
        successRate: 90.9,
        medianMs: 12 * MINUTE,
        runsPerWeek: 3,
      },
      {
        template: 'template:default/ephemeral-environment',
        runs: 4,
        completed: 0,
        failed: 0,
        runsPerWeek: 1,
      },
    ],
    runsPerWeek: [
      { week: '2025-01-06', key: 'template:default/new-service', count: 3 },
      {
        week: '2025-01-06',
        key: 'template:default/ephemeral-environment',
        count: 1,
      },
      { week: '2025-01-13', key: 'template:default/new-service', count: 9 },
    ],
    deploysPerWeek: [
      { week: '2025-01-06', key: 'group:default/payments', count: 5 },
    ],
    gaps: [],
    ...overrides,
  };
}

/** The payments team's report: every value differs from the whole organisation's. */
const paymentsReport = aReport({
  team: 'group:default/payments',
  figures: [
    {
      id: 'newServiceTask',
      label: LABELS.newServiceTask,
      unit: 'duration',
      value: 45 * MINUTE,
      sample: 2,
      formula: 'Median of new-service runs.',
      before: '2 to 3 weeks',
    },
  ],
  templates: [],
  runsPerWeek: [],
  deploysPerWeek: [],
});

const json = (body: unknown, status = 200, statusText = 'OK') =>
  new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });

const teams = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default', title: 'Payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ledger', namespace: 'default' },
  },
];

function renderPage(
  respond: (url: URL) => Response | Promise<Response> = url =>
    json(url.searchParams.has('team') ? paymentsReport : aReport()),
) {
  const fetch = jest.fn(async (input: RequestInfo | URL) =>
    respond(new URL(String(input))),
  );
  const discoveryApi = mockApis.discovery.mock({
    getBaseUrl: async () => BASE_URL,
  });
  const catalogApi = {
    getEntities: jest.fn(async () => ({ items: teams })),
  };
  renderInTestApp(<ImpactPage />, {
    apis: [[fetchApiRef, { fetch }], discoveryApi, [catalogApiRef, catalogApi]],
  });
  const requests = () => fetch.mock.calls.map(([u]) => new URL(String(u)));
  return { fetch, requests, discoveryApi, catalogApi };
}

const figuresTable = () =>
  screen.findByRole('table', { name: 'Before and after Runway' });

/** The cells after the row's header (role rowheader), [before, now, measured on] for a figure. */
function rowOf(table: HTMLElement, label: string) {
  const row = within(table).getByText(label).closest('tr') as HTMLElement;
  expect(within(row).getByRole('rowheader').textContent).toContain(label);
  return within(row)
    .getAllByRole('cell')
    .map(c => c.textContent);
}

describe('ImpactPage', () => {
  it('asks for the last four weeks of every team', async () => {
    const { requests, discoveryApi } = renderPage();
    await figuresTable();

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('impact');
    expect(requests()).toHaveLength(1);
    const [url] = requests();
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}/report`);
    expect(url.searchParams.has('team')).toBe(false);
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    expect(to - from).toBe(28 * DAY);
    // Whole weeks: through the end of this week, a Monday at midnight UTC.
    expect(to % DAY).toBe(0);
    expect(new Date(to).getUTCDay()).toBe(1);
    expect(to - Date.now()).toBeGreaterThanOrEqual(0);
    expect(to - Date.now()).toBeLessThanOrEqual(7 * DAY);
  });

  it("shows each figure's label, its value in its unit and what it was before Runway", async () => {
    renderPage();
    const table = await figuresTable();

    expect(rowOf(table, LABELS.newServiceTask)).toEqual([
      '2 to 3 weeks',
      '12 min',
      '14',
    ]);
    expect(rowOf(table, LABELS.successRate)).toEqual([
      'About 60 %',
      '92.6 %',
      '27',
    ]);
    expect(rowOf(table, LABELS.adoption)).toEqual(['Nobody', '–', '0']);
    expect(rowOf(table, LABELS.runsPerWeek)).toEqual([
      '1 a week',
      '4.3 a week',
      '17',
    ]);
    expect(rowOf(table, LABELS.environmentsTornDownEarly)).toEqual([
      'None',
      '3',
      '3',
    ]);
    // No 'before' for this one: an en dash, not an empty cell.
    expect(rowOf(table, LABELS.costAvoided)).toEqual([
      '–',
      '1,234.50 EUR',
      '3',
    ]);
    // Each figure says how it is measured.
    expect(
      within(table).getByText('Hourly rate × hours saved.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be measured/)).not.toBeInTheDocument();
  });

  it('warns about the sources that did not answer', async () => {
    renderPage(() =>
      json(
        aReport({
          gaps: ['GitHub did not answer (rate limited)', 'HR feed: 503'],
        }),
      ),
    );

    expect(
      await screen.findByText(
        'Some figures could not be measured: GitHub did not answer (rate limited); HR feed: 503',
      ),
    ).toBeInTheDocument();
    // The figures it could measure are still shown.
    expect(rowOf(await figuresTable(), LABELS.newServiceTask)).toContain(
      '12 min',
    );
  });

  it('summarises the charts in text and lists the runs per template', async () => {
    renderPage();
    await figuresTable();

    const runs = screen.getByRole('figure', {
      name: 'Golden-path runs per week, by template',
    });
    expect(
      within(runs).getByText(
        'week of 2025-01-06: new-service 3, ephemeral-environment 1; week of 2025-01-13: new-service 9',
      ),
    ).toBeInTheDocument();
    const deploys = screen.getByRole('figure', {
      name: 'Deploys per week, by team',
    });
    expect(
      within(deploys).getByText('week of 2025-01-06: payments 5'),
    ).toBeInTheDocument();

    const templates = screen.getByRole('table', { name: 'Runs per template' });
    expect(
      within(templates)
        .getAllByRole('row')
        .map(r =>
          [
            ...within(r).queryAllByRole('rowheader'),
            ...within(r).queryAllByRole('cell'),
          ].map(c => c.textContent),
        ),
    ).toEqual([
      [],
      ['new-service', '12', '3 a week', '90.9 %', '12 min'],
      ['ephemeral-environment', '4', '1 a week', '–', '–'],
    ]);
  });

  it('says so when nothing ran in the period', async () => {
    renderPage(() =>
      json(aReport({ templates: [], runsPerWeek: [], deploysPerWeek: [] })),
    );
    await figuresTable();

    expect(
      screen.getByText('No golden path ran in this period.'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Nothing in this period.')).toHaveLength(2);
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it("offers the catalogue's teams, and shows a team's figures when one is chosen", async () => {
    const { requests, catalogApi } = renderPage();
    const table = await figuresTable();
    expect(rowOf(table, LABELS.newServiceTask)).toContain('12 min');
    expect(catalogApi.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: { kind: 'Group', 'spec.type': 'team' },
      }),
    );

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Team/ }));
    const listbox = await screen.findByRole('listbox');
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['Every team', 'ledger', 'Payments']),
    );
    fireEvent.click(within(listbox).getByRole('option', { name: 'Payments' }));

    await waitFor(() =>
      expect(
        rowOf(
          screen.getByRole('table', { name: 'Before and after Runway' }),
          LABELS.newServiceTask,
        ),
      ).toEqual(['2 to 3 weeks', '45 min', '2']),
    );
    expect(requests()).toHaveLength(2);
    const last = requests()[1];
    expect(last.search).toContain('team=group%3Adefault%2Fpayments');
    expect(last.searchParams.get('team')).toBe('group:default/payments');
    expect(screen.getByRole('button', { name: /^Team/ })).toHaveTextContent(
      'Payments',
    );
    // Only the team's figures: the organisation's are gone.
    expect(screen.queryByText(LABELS.successRate)).not.toBeInTheDocument();
    expect(
      screen.getByText('No golden path ran in this period.'),
    ).toBeInTheDocument();
  });

  it('asks for a longer period when one is chosen', async () => {
    const { requests } = renderPage();
    await figuresTable();

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Period/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'Last 12 weeks',
      }),
    );

    await waitFor(() => expect(requests()).toHaveLength(2));
    const url = requests()[1];
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    expect(to - from).toBe(84 * DAY);
    expect(url.searchParams.has('team')).toBe(false);
  });

  it('shows the error when the report cannot be had', async () => {
    renderPage(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'You may not read the impact report',
          },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );

    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/You may not read the impact report/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Before and after Runway' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error when the request itself fails', async () => {
    renderPage(() => {
      throw new TypeError('Failed to fetch');
    });

    expect(await screen.findByText('Failed to fetch')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Before and after Runway' }),
    ).not.toBeInTheDocument();
  });

  it('shows progress while the report loads', async () => {
    let answer: (r: Response) => void = () => {};
    renderPage(
      () =>
        new Promise<Response>(resolve => {
          answer = resolve;
        }),
    );

    const progress = await screen.findByTestId('progress');
    answer(json(aReport()));
    await waitForElementToBeRemoved(progress);
    expect(await figuresTable()).toBeInTheDocument();
  });
});
