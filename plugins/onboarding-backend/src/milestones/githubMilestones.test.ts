import { mockServices } from '@backstage/backend-test-utils';
import {
  aHire,
  minutes,
  newHireDatabases,
  runFor,
  storeOn,
} from '../__testUtils__/newHire';
import {
  deploymentStatusEvent,
  pullRequestEvent,
} from '../__testUtils__/githubEvents';
import { createGithubMilestoneHandler, milestoneOf } from './githubMilestones';
import { HireRuns } from './HireRuns';
import { MilestoneStore } from './MilestoneStore';

const github = { org: 'acme', platformConfigRepo: 'platform-config' };
const ada = aHire('Ada-L');

const accessMerged = (
  at: Date,
  body = `Identity provider id: ${ada.idpUserId}`,
) =>
  pullRequestEvent('closed', {
    repo: 'platform-config',
    number: 7,
    branch: 'runway/engineer-ada-l',
    body,
    at,
  });

describe('milestoneOf', () => {
  it('reads the three GitHub milestones', () => {
    expect(
      milestoneOf(
        accessMerged(minutes(72)).topic,
        accessMerged(minutes(72)).eventPayload,
        github,
      ),
    ).toMatchObject({
      kind: 'access-granted',
      login: 'ada-l',
      at: minutes(72),
      url: 'https://github.example/acme/platform-config/pull/7',
      detail: 'acme/platform-config#7',
    });
    const opened = pullRequestEvent('opened', {
      author: 'Ada-L',
      at: minutes(90),
    });
    expect(
      milestoneOf(opened.topic, opened.eventPayload, github),
    ).toMatchObject({
      kind: 'first-pr',
      login: 'Ada-L',
      at: minutes(90),
    });
    const deployed = deploymentStatusEvent({
      environment: 'Staging',
      state: 'success',
      creator: 'ada-l',
      at: minutes(100),
    });
    expect(
      milestoneOf(deployed.topic, deployed.eventPayload, github),
    ).toMatchObject({
      kind: 'first-staging-deploy',
      login: 'ada-l',
      url: 'https://checkout.staging.acme.example',
      detail: 'acme/checkout-api@main',
    });
  });

  it('ignores what is no milestone', () => {
    const none = [
      // closed without merging, or merged elsewhere, or another branch
      pullRequestEvent('closed', {
        repo: 'platform-config',
        branch: 'runway/engineer-ada-l',
        merged: false,
        at: minutes(1),
      }),
      pullRequestEvent('closed', {
        repo: 'checkout-api',
        branch: 'runway/engineer-ada-l',
        at: minutes(1),
      }),
      pullRequestEvent('closed', {
        repo: 'platform-config',
        branch: 'runway/offboard-ada-l',
        at: minutes(1),
      }),
      deploymentStatusEvent({
        environment: 'staging',
        state: 'failure',
        creator: 'ada-l',
        at: minutes(1),
      }),
      deploymentStatusEvent({
        environment: 'production',
        state: 'success',
        creator: 'ada-l',
        at: minutes(1),
      }),
    ];
    for (const event of none) {
      expect(
        milestoneOf(event.topic, event.eventPayload, github),
      ).toBeUndefined();
    }
    const otherOrg = pullRequestEvent('opened', {
      author: 'ada-l',
      at: minutes(1),
    });
    otherOrg.eventPayload.organization.login = 'someone-else';
    expect(
      milestoneOf(otherOrg.topic, otherOrg.eventPayload, github),
    ).toBeUndefined();
    expect(milestoneOf('github.push', { ref: 'x' }, github)).toBeUndefined();
  });
});

const databases = newHireDatabases();

describe.each(databases.eachSupportedId())('GitHub milestones on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await storeOn(knex);
    const milestones = new MilestoneStore(knex);
    const handle = createGithubMilestoneHandler({
      runs: new HireRuns(knex),
      milestones,
      github,
      logger: mockServices.logger.mock(),
      now: () => minutes(500),
    });
    return { store, milestones, handle };
  }

  it('records each milestone on the hire’s run, once, at the earliest time seen', async () => {
    const { store, milestones, handle } = await setup();
    const run = await runFor(store, ada);
    const grace = await runFor(store, aHire('grace-h'));

    // Out of order, repeated: the second pull request arrives before the first.
    await handle(
      pullRequestEvent('opened', {
        author: 'ada-l',
        number: 3,
        at: minutes(95),
      }),
    );
    await handle(
      pullRequestEvent('opened', {
        author: 'ADA-L',
        number: 2,
        at: minutes(90),
      }),
    );
    await handle(
      pullRequestEvent('opened', {
        author: 'ada-l',
        number: 3,
        at: minutes(95),
      }),
    );
    await handle(accessMerged(minutes(72)));
    await handle(accessMerged(minutes(72)));
    await handle(
      deploymentStatusEvent({
        environment: 'staging',
        state: 'success',
        creator: 'ada-l',
        at: minutes(118),
      }),
    );

    const reached = await milestones.list(run.id);
    expect(
      Object.fromEntries(reached.map(m => [m.kind, [m.reachedAt, m.detail]])),
    ).toEqual({
      'access-granted': [minutes(72), 'acme/platform-config#7'],
      'first-pr': [minutes(90), 'acme/checkout-api#2'],
      'first-staging-deploy': [minutes(118), 'acme/checkout-api@main'],
    });
    expect(await milestones.list(grace.id)).toEqual([]);
  });

  it('counts nothing from before the run, for someone else’s access pull request, or after the person left', async () => {
    const { store, milestones, handle } = await setup();
    const run = await runFor(store, ada, { at: minutes(60) });

    await handle(
      pullRequestEvent('opened', { author: 'ada-l', at: minutes(30) }),
    );
    // The same branch, made for another identity-provider id.
    await handle(
      accessMerged(minutes(70), 'Identity provider id: 00u-someone-else'),
    );
    expect(await milestones.list(run.id)).toEqual([]);

    await runFor(store, ada, { at: minutes(80), kind: 'offboard' });
    await handle(
      pullRequestEvent('opened', { author: 'ada-l', at: minutes(90) }),
    );
    expect(await milestones.list(run.id)).toEqual([]);
  });

  it('gives a person hired again their new run’s milestones only', async () => {
    const { store, milestones, handle } = await setup();
    const first = await runFor(store, ada, { at: minutes(0) });
    await handle(
      pullRequestEvent('opened', { author: 'ada-l', at: minutes(10) }),
    );
    await runFor(store, ada, { at: minutes(20), kind: 'offboard' });
    const again = await runFor(store, ada, { at: minutes(30) });
    await handle(
      pullRequestEvent('opened', {
        author: 'ada-l',
        number: 9,
        at: minutes(40),
      }),
    );

    expect((await milestones.list(first.id)).map(m => m.reachedAt)).toEqual([
      minutes(10),
    ]);
    expect((await milestones.list(again.id)).map(m => m.detail)).toEqual([
      'acme/checkout-api#9',
    ]);
  });
});
