import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  FakeEnvironmentsBackend,
  aSandbox,
  anEnvironment,
} from '../../__testUtils__/fakeEnvironmentsBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { MyEnvironmentsCard } from './MyEnvironmentsCard';

const DAY = 86_400_000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

describe('MyEnvironmentsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists my live environments, soonest teardown first, with their countdown', async () => {
    const backend = new FakeEnvironmentsBackend([
      anEnvironment('later', { expiresAt: inDays(5) }),
      anEnvironment('sooner', { expiresAt: inDays(1) }),
      anEnvironment('gone', { state: 'destroyed' }),
      aSandbox('sandbox-me'),
    ]);
    server.use(...backend.handlers());

    renderWithBackend(<MyEnvironmentsCard />);

    const table = await screen.findByRole('table', { name: 'My environments' });
    const names = within(table)
      .getAllByRole('link')
      .map(l => l.textContent);
    expect(names).toEqual(['sooner', 'later', 'sandbox-me']);
    expect(backend.requestsTo('GET', '/environments')[0].query).toEqual({
      filter: 'mine',
    });
    const sooner = within(
      screen.getByRole('link', { name: 'sooner' }).closest('tr')!,
    );
    expect(sooner.getByText(/^0d 23h 59m$|^23h 59m \d+s$/)).toBeInTheDocument();
    expect(sooner.getByText('active')).toBeInTheDocument();
  });

  it('offers the template when I have none running', async () => {
    const backend = new FakeEnvironmentsBackend([
      anEnvironment('gone', { state: 'destroyed' }),
    ]);
    server.use(...backend.handlers());

    renderWithBackend(<MyEnvironmentsCard />);

    expect(
      await screen.findByText(/You have no environment running\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create one in minutes.' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/ephemeral-environment',
    );
  });
});
