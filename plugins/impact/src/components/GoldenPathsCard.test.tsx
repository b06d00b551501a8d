import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { templateRouteRef } from '../routes';
import { GoldenPathsCard } from './GoldenPathsCard';
import { ImpactAnswer } from './useImpactReport';

const DAY = 86_400_000;

const aTemplate = (
  name: string,
  title?: string,
  description?: string,
): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default', title, description },
});

/** Medians for new-service (12 min, 5 runs) and onboarding (1 run); nothing for environments. */
const report: ImpactAnswer = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-03-26T00:00:00.000Z',
  currency: 'EUR',
  figures: [],
  templates: [
    {
      template: 'template:default/new-service',
      runs: 6,
      completed: 5,
      failed: 1,
      successRate: 83.3,
      medianMs: 720_000,
      runsPerWeek: 0.5,
    },
    {
      template: 'template:default/engineer-onboarding',
      runs: 1,
      completed: 1,
      failed: 0,
      successRate: 100,
      medianMs: 3 * DAY,
      runsPerWeek: 0.1,
    },
  ],
  runsPerWeek: [],
  deploysPerWeek: [],
  gaps: [],
};

function renderCard(
  options: {
    items?: (Entity | undefined)[];
    fetchReport?: (url: URL) => Promise<Response>;
    mountTemplates?: boolean;
  } = {},
) {
  const {
    // In GOLDEN_PATH_TEMPLATES order: new-service, ephemeral-environment, engineer-onboarding.
    items = [
      aTemplate(
        'new-service',
        'New service',
        'A repository, its infrastructure and its catalogue entry.',
      ),
      aTemplate('ephemeral-environment', 'Ephemeral environment'),
      aTemplate('engineer-onboarding'),
    ],
    fetchReport = async () =>
      new Response(JSON.stringify(report), {
        headers: { 'content-type': 'application/json' },
      }),
    mountTemplates = true,
  } = options;
  const catalogApi = {
    getEntitiesByRefs: jest.fn(async () => ({ items })),
  };
  const fetch = jest.fn(async (input: RequestInfo | URL) =>
    fetchReport(new URL(String(input))),
  );
  renderInTestApp(<GoldenPathsCard />, {
    apis: [
      [catalogApiRef, catalogApi],
      [fetchApiRef, { fetch }],
      [
        discoveryApiRef,
        { getBaseUrl: async (id: string) => `http://backstage.test/api/${id}` },
      ],
    ],
    mountedRoutes: mountTemplates
      ? { '/create/templates/:namespace/:templateName': templateRouteRef }
      : {},
  });
  return { catalogApi, fetch };
}

const cards = async () =>
  within(
    await screen.findByRole('list', { name: 'Golden paths' }),
  ).getAllByRole('listitem');

const cardOf = (name: string) =>
  within(
    screen
      .getByRole('heading', { name })
      .closest('[data-golden-path]') as HTMLElement,
  );

describe('GoldenPathsCard', () => {
  it('asks the catalogue for the golden paths and the report for the last 12 weeks', async () => {
    const { catalogApi, fetch } = renderCard();
    await cards();

    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: [
          'template:default/new-service',
          'template:default/ephemeral-environment',
          'template:default/engineer-onboarding',
        ],
      }),
    );
    expect(fetch).toHaveBeenCalledTimes(1);
    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/impact/report');
    expect(url.searchParams.has('team')).toBe(false);
    expect(
      Date.parse(url.searchParams.get('to')!) -
        Date.parse(url.searchParams.get('from')!),
    ).toBe(84 * DAY);
  });

  it('lists each golden path the catalogue returns, with its title or else its name', async () => {
    renderCard();

    expect(
      (await cards()).map(c => within(c).getByRole('heading').textContent),
    ).toEqual(['New service', 'Ephemeral environment', 'engineer-onboarding']);
    expect(
      cardOf('New service').getByText(
        'A repository, its infrastructure and its catalogue entry.',
      ),
    ).toBeInTheDocument();
  });

  it.each([
    ['null, as the catalogue sends them', null],
    ['undefined, as CatalogClient hands them on', undefined],
  ])(
    'skips the templates the catalogue does not return (%s)',
    async (_, missing) => {
      renderCard({
        items: [
          missing as Entity | undefined,
          aTemplate('ephemeral-environment', 'Ephemeral environment'),
          missing as Entity | undefined,
        ],
      });

      const listed = await cards();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toHaveAttribute(
        'data-golden-path',
        'ephemeral-environment',
      );
      expect(
        screen.queryByRole('heading', { name: 'New service' }),
      ).not.toBeInTheDocument();
    },
  );

  it('shows the median time of each, and says so of one not run lately', async () => {
    renderCard();

    await cards();
    const newService = cardOf('New service');
    expect(await newService.findByText('Typically 12 min')).toBeInTheDocument();
    expect(
      newService.getByText('median of 5 runs, last 12 weeks'),
    ).toBeInTheDocument();

    const onboarding = cardOf('engineer-onboarding');
    expect(onboarding.getByText('Typically 3 days')).toBeInTheDocument();
    expect(
      onboarding.getByText('median of 1 run, last 12 weeks'),
    ).toBeInTheDocument();

    const environment = cardOf('Ephemeral environment');
    expect(
      environment.getByText('Not run in the last 12 weeks'),
    ).toBeInTheDocument();
    expect(environment.queryByText(/^median of/)).not.toBeInTheDocument();
  });

  it('says it is measuring while the report loads', async () => {
    let answer: (r: Response) => void = () => {};
    renderCard({
      fetchReport: () =>
        new Promise<Response>(resolve => {
          answer = resolve;
        }),
    });
    await cards();

    expect(cardOf('New service').getByText('Measuring…')).toBeInTheDocument();
    answer(new Response(JSON.stringify(report)));
    expect(
      await cardOf('New service').findByText('Typically 12 min'),
    ).toBeInTheDocument();
  });

  it("links each golden path to its template's page in the scaffolder", async () => {
    renderCard();
    await cards();

    expect(
      screen.getByRole('link', { name: 'Start: New service' }),
    ).toHaveAttribute('href', '/create/templates/default/new-service');
    expect(
      screen.getByRole('link', { name: 'Start: Ephemeral environment' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/ephemeral-environment',
    );
    expect(
      screen.getByRole('link', { name: 'Start: engineer-onboarding' }),
    ).toHaveAttribute('href', '/create/templates/default/engineer-onboarding');
  });

  it('offers no Start link when the template route is not bound', async () => {
    renderCard({ mountTemplates: false });

    expect(await cards()).toHaveLength(3);
    expect(
      screen.queryByRole('link', { name: /^Start/ }),
    ).not.toBeInTheDocument();
    expect(
      await cardOf('New service').findByText('Typically 12 min'),
    ).toBeInTheDocument();
  });

  it('shows the error when the catalogue cannot be read', async () => {
    const catalogApi = {
      getEntitiesByRefs: jest.fn(async () => {
        throw new Error('The catalogue is down');
      }),
    };
    renderInTestApp(<GoldenPathsCard />, {
      apis: [
        [catalogApiRef, catalogApi],
        [fetchApiRef, { fetch: async () => new Response('{}') }],
        [discoveryApiRef, { getBaseUrl: async () => 'http://x/api/impact' }],
      ],
    });

    expect(
      await screen.findByText('The catalogue is down'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Golden paths' }),
    ).not.toBeInTheDocument();
  });
});
