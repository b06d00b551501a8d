import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  FakeOnboardingBackend,
  FakeTask,
  NO_MILESTONES,
  ONBOARDING_URL,
  SCAFFOLDER_URL,
  aNewHire,
  errorResponse,
} from '../../__testUtils__/fakeOnboardingBackend';
import { renderWithBackend } from '../../__testUtils__/renderWithBackend';
import { OnboardingRoutes } from '../OnboardingRoutes';
import { milestoneText } from './Milestones';
import { NewHirePage } from './NewHirePage';

const MINUTE = 60_000;

describe('NewHirePage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeOnboardingBackend;
  beforeEach(() => {
    backend = new FakeOnboardingBackend();
    server.use(...backend.handlers());
    backend.addTask(new FakeTask('task-ada-lovelace').run().complete());
  });

  /** The app at `/onboarding/hires/<id>`, as the welcome e-mail's link opens it. */
  const openHirePage = (idpUserId = '00u-ada-lovelace') =>
    renderWithBackend(<OnboardingRoutes />, {
      path: `/onboarding/hires/${idpUserId}`,
      mountPath: '/onboarding/*',
    });

  const taskBox = async (title: string) =>
    within(
      await screen.findByRole('list', { name: 'First-day tasks' }),
    ).getByRole('checkbox', { name: title });

  it('shows the hire their first-day tasks, and ticks one off once however often it is clicked', async () => {
    backend.hires.set('00u-ada-lovelace', aNewHire('ada-lovelace'));
    await openHirePage();

    expect(
      await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/First day 2027-01-04/)).toBeInTheDocument();
    const laptop = await taskBox('Set up your laptop');
    expect(laptop).not.toBeChecked();
    expect(screen.getByText('0 of 2 done')).toBeInTheDocument();

    fireEvent.click(laptop);
    fireEvent.click(laptop);

    await waitFor(async () =>
      expect(await taskBox('Set up your laptop')).toBeChecked(),
    );
    expect(await taskBox('Collect your badge')).not.toBeChecked();
    expect(await screen.findByText('1 of 2 done')).toBeInTheDocument();
    expect(
      backend.requestsTo('PUT', '/hires/00u-ada-lovelace/first-day-tasks/1'),
    ).toEqual([expect.objectContaining({ body: { done: true } })]);

    // And open again.
    await userEvent.click(await taskBox('Set up your laptop'));
    await waitFor(async () =>
      expect(await taskBox('Set up your laptop')).not.toBeChecked(),
    );
  });

  it('shows each milestone with its lead time and where it shows', async () => {
    const hire = aNewHire('ada-lovelace', {
      milestones: [
        {
          kind: 'access-granted',
          reachedAt: new Date().toISOString(),
          leadTimeMs: 72 * MINUTE,
          url: 'https://github.acme.example/acme/platform-config/pull/7',
          detail: 'acme/platform-config#7',
        },
        ...NO_MILESTONES.slice(1),
      ],
    });
    backend.hires.set('00u-ada-lovelace', hire);
    renderWithBackend(<OnboardingRoutes />, {
      path: '/onboarding/hires/00u-ada-lovelace',
      mountPath: '/onboarding/*',
    });

    const milestones = await screen.findByRole('list', { name: 'Milestones' });
    const items = () =>
      within(milestones)
        .getAllByRole('listitem')
        .map(i => i.textContent);
    await waitFor(() =>
      expect(items()[0]).toMatch(
        /^Access grantedaccess granted after 1 h 12 min.* · acme\/platform-config#7/,
      ),
    );
    expect(
      within(milestones).getByRole('link', { name: /acme\/platform-config#7/ }),
    ).toHaveAttribute(
      'href',
      'https://github.acme.example/acme/platform-config/pull/7',
    );
    // The checklist's access step knows it merged.
    expect(
      await within(
        await screen.findByRole('list', { name: 'Checklist of Ada Lovelace' }),
      ).findByText(/the pull request merged/),
    ).toBeInTheDocument();
    expect(items().slice(1)).toEqual([
      'Sandbox readynot yet: when their sandbox environment became active',
      'First pull requestnot yet: when they opened their first pull request in the organisation',
      'First deploy to stagingnot yet: when a deployment they made to staging succeeded',
    ]);
  });

  it('follows milestones live', async () => {
    const hire = aNewHire('ada-lovelace');
    backend.hires.set('00u-ada-lovelace', hire);
    renderWithBackend(<NewHirePage pollMs={100} />, {
      path: '/onboarding/hires/00u-ada-lovelace',
      mountPath: '/onboarding/hires/:idpUserId',
    });
    const milestones = await screen.findByRole('list', { name: 'Milestones' });
    expect(
      within(milestones).getByText(/^not yet: when they opened/),
    ).toBeInTheDocument();

    hire.milestones = NO_MILESTONES.map(m =>
      m.kind === 'first-pr'
        ? {
            ...m,
            reachedAt: new Date().toISOString(),
            leadTimeMs: 3 * 60 * MINUTE + 5 * MINUTE,
            detail: 'acme/checkout-api#12',
          }
        : m,
    );
    expect(
      await within(milestones).findByText('first pull request after 3 h 5 min'),
    ).toBeInTheDocument();
  });

  it('shows the platform team the onboarding’s checklist, and the hire a word instead of an error', async () => {
    backend.hires.set('00u-ada-lovelace', aNewHire('ada-lovelace'));
    const { unmount } = await openHirePage();
    const checklist = await screen.findByRole('list', {
      name: 'Checklist of Ada Lovelace',
    });
    expect(
      await within(checklist).findByText('Tell the manager'),
    ).toBeInTheDocument();
    unmount();

    // The hire may not read the scaffolder task (it is the onboarding service's).
    server.use(
      http.get(`${SCAFFOLDER_URL}/v2/tasks/:id`, () =>
        errorResponse(403, 'NotAllowedError', 'Unauthorized'),
      ),
    );
    await openHirePage();
    expect(
      await screen.findByText(
        /^The platform team follows the onboarding’s steps/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: /^Checklist of/ })).toBeNull();
    expect(screen.queryByText(/Could not read task/)).toBeNull();
  });

  it('tells someone else that the page is the hire’s, and asks no more', async () => {
    await openHirePage('00u-someone');
    expect(
      await screen.findByText(
        /may not read the new-hire page of 00u-someone: it is its hire's/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'First-day tasks' })).toBeNull();
    expect(backend.requestsTo('GET', '/hires/00u-someone')).toHaveLength(1);
  });

  it('says why a tick was not saved, and leaves the box as it was', async () => {
    backend.hires.set('00u-ada-lovelace', aNewHire('ada-lovelace'));
    server.use(
      http.put(`${ONBOARDING_URL}/hires/:id/first-day-tasks/:position`, () =>
        errorResponse(403, 'NotAllowedError', 'Only the hire ticks these'),
      ),
    );
    await openHirePage();
    await userEvent.click(await taskBox('Collect your badge'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not save “Collect your badge”: Only the hire ticks these',
    );
    expect(await taskBox('Collect your badge')).not.toBeChecked();
  });
});

describe('milestoneText', () => {
  it('says the lead time of a reached milestone, and what reaching it means otherwise', () => {
    expect(
      milestoneText({
        kind: 'first-staging-deploy',
        reachedAt: 'x',
        leadTimeMs: 100 * MINUTE,
      }),
    ).toBe('first deploy to staging after 1 h 40 min');
    expect(milestoneText({ kind: 'sandbox-ready' })).toBe(
      'not yet: when their sandbox environment became active',
    );
  });
});
