import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  FakeOnboardingBackend,
  FakeTask,
  aNewHire,
  aRun,
} from './__testUtils__/fakeOnboardingBackend';
import plugin from './index';
import { onboardingPage } from './plugin';

describe('onboarding plugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('serves the page at /onboarding', () => {
    expect(
      createExtensionTester(onboardingPage).get(coreExtensionData.routePath),
    ).toBe('/onboarding');
  });

  it('installed in an app, shows New hires through its own API client', async () => {
    const backend = new FakeOnboardingBackend(
      [aRun('ada-lovelace')],
      'http://localhost:7007/api',
    );
    backend.addTask(new FakeTask('task-ada-lovelace').run().complete());
    server.use(...backend.handlers());

    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/onboarding'],
      // The catalogue's entity page, where the team links (the app has the catalog plugin).
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    // The nav item (and, once the page is up, its header may name it too): each leads here.
    const links = await screen.findAllByRole('link', { name: 'New hires' });
    for (const link of links)
      expect(link).toHaveAttribute('href', '/onboarding');
    const checklist = await screen.findByRole('list', {
      name: 'Checklist of Ada Lovelace',
    });
    expect(
      await within(checklist).findByText('Tell the manager'),
    ).toBeInTheDocument();
  });

  it('serves a hire’s own page under it, at the address the welcome e-mail links to', async () => {
    const backend = new FakeOnboardingBackend([], 'http://localhost:7007/api');
    backend.hires.set('00u-ada-lovelace', aNewHire('ada-lovelace'));
    backend.addTask(new FakeTask('task-ada-lovelace').run().complete());
    server.use(...backend.handlers());

    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/onboarding/hires/00u-ada-lovelace'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'First-day tasks' }),
    ).toBeInTheDocument();
  });
});
