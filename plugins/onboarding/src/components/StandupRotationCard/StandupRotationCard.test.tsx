import { Entity } from '@backstage/catalog-model';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { API_URL } from '../../__testUtils__/fakeOnboardingBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { StandupRotationCard, todaysHost } from './StandupRotationCard';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const member = (name: string, position: number) => ({
  email: `${name}@acme.example`,
  name,
  position,
  joinedAt: '2026-12-01T10:00:00Z',
});
const three = [member('grace', 0), member('priya', 1), member('ada', 2)];

describe('todaysHost', () => {
  it('moves one place each working day and keeps Friday’s host over the weekend', () => {
    const on = (date: string) => todaysHost(three, new Date(date))?.name;
    // 2024-01-01 is a Monday: the first member hosts.
    expect(on('2024-01-01T09:00:00Z')).toBe('grace');
    expect(on('2024-01-02T09:00:00Z')).toBe('priya');
    expect(on('2024-01-05T09:00:00Z')).toBe(on('2024-01-06T09:00:00Z'));
    expect(on('2024-01-08T09:00:00Z')).toBe('ada');
    expect(todaysHost([], new Date())).toBeUndefined();
  });
});

describe('StandupRotationCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("lists the team's rotation in order and marks today's host", async () => {
    server.use(
      http.get(`${API_URL}/onboarding/rotations/default/payments`, () =>
        HttpResponse.json({ team: 'group:default/payments', members: three }),
      ),
    );
    renderWithBackend(
      <EntityProvider entity={payments}>
        <StandupRotationCard now={() => new Date('2024-01-02T09:00:00Z')} />
      </EntityProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Standup rotation' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      '1. gracegrace@acme.example',
      '2. priya — hosts todaypriya@acme.example',
      '3. adaada@acme.example',
    ]);
  });

  it('says when nobody is in the rotation yet', async () => {
    server.use(
      http.get(`${API_URL}/onboarding/rotations/default/payments`, () =>
        HttpResponse.json({ team: 'group:default/payments', members: [] }),
      ),
    );
    renderWithBackend(
      <EntityProvider entity={payments}>
        <StandupRotationCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByText("Nobody is in this team's rotation yet."),
    ).toBeInTheDocument();
  });
});
