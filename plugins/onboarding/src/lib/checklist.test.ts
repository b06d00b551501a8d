import { FakeTask } from '../__testUtils__/fakeOnboardingBackend';
import { checklistOf, errorOf, runStatusOf, safeUrl } from './checklist';

// eslint-disable-next-line no-script-url -- the link the page must refuse
const SCRIPT_URL = 'javascript:alert(1)';

const states = (task: FakeTask) =>
  checklistOf(task.toJSON(), task.events).steps.map(s => s.state);

describe('checklistOf', () => {
  it('gives each step the state of the last event about it', () => {
    const task = new FakeTask('t').run({ until: 'slack' }).begin('slack');
    expect(states(task)).toEqual([
      'done',
      'done',
      'running',
      'not-started',
      'not-started',
    ]);
  });

  it("keeps a failed step's error without its stack, and skips the rest", () => {
    const task = new FakeTask('t')
      .run({ until: 'slack' })
      .fail('slack', 'No Slack user has the e-mail x@acme.example.');
    const checklist = checklistOf(task.toJSON(), task.events);
    expect(checklist.steps.map(s => [s.id, s.state, s.error])).toEqual([
      ['prepare', 'done', undefined],
      ['access', 'done', undefined],
      ['slack', 'failed', 'No Slack user has the e-mail x@acme.example.'],
      ['welcome', 'skipped', undefined],
      ['manager', 'skipped', undefined],
    ]);
    expect(checklist.steps.find(s => s.opensPullRequest)?.id).toBe('access');
    // No output yet: the pull request comes from the access step's log.
    expect(checklist.pullRequestUrl).toBe(task.prUrl);
    expect(checklist.links).toEqual([]);
  });

  it('after a Retry, waits again on the failed and skipped steps, keeping the done ones', () => {
    const task = new FakeTask('t')
      .run({ until: 'slack' })
      .fail('slack', 'No Slack user');
    task.retry();
    expect(states(task)).toEqual([
      'done',
      'done',
      'not-started',
      'not-started',
      'not-started',
    ]);
    task.begin('prepare');
    expect(states(task)[0]).toBe('running');
  });

  it("takes the pull request from the completed task's output links", () => {
    const task = new FakeTask(
      't',
      undefined,
      'https://github.acme.example/acme/platform-config/pull/7',
    )
      .run()
      .complete();
    const checklist = checklistOf(task.toJSON(), task.events);
    expect(checklist.pullRequestUrl).toBe(
      'https://github.acme.example/acme/platform-config/pull/7',
    );
    expect(checklist.links.map(l => l.title)).toEqual([
      'Access pull request',
      'Team page',
    ]);
  });

  it('drops output links that are not http(s)', () => {
    const task = new FakeTask('t', undefined, SCRIPT_URL).run().complete();
    const checklist = checklistOf(task.toJSON(), task.events);
    expect(checklist.links.map(l => l.title)).toEqual(['Team page']);
    expect(checklist.pullRequestUrl).toBeUndefined();
  });

  it('recognises the offboarding template’s pull request step by its name', () => {
    const task = new FakeTask('t', [
      { id: 'open-pr', name: 'Open the pull request removing their access' },
    ]);
    expect(
      checklistOf(task.toJSON(), task.events).steps[0].opensPullRequest,
    ).toBe(true);
  });
});

describe('errorOf', () => {
  it('drops the frames, the error name and colours', () => {
    expect(
      errorOf(
        '\u001b[31mInputError: team: unknown\nset the team\u001b[39m\n    at handler (a.ts:1:1)',
      ),
    ).toBe('team: unknown\nset the team');
    expect(errorOf('')).toBe('The step failed.');
  });
});

describe('safeUrl', () => {
  it('keeps http(s) only', () => {
    expect(safeUrl('https://x.example/pull/1')).toBe(
      'https://x.example/pull/1',
    );
    expect(safeUrl(SCRIPT_URL)).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(42)).toBeUndefined();
  });
});

describe('runStatusOf', () => {
  it("is the run's own state until its task is known, then the task's", () => {
    expect(runStatusOf({ state: 'received' })).toBe('received');
    expect(runStatusOf({ state: 'incomplete' })).toBe('incomplete');
    expect(runStatusOf({ state: 'started' })).toBe('started');
    expect(runStatusOf({ state: 'started' }, 'open')).toBe('queued');
    expect(runStatusOf({ state: 'started' }, 'processing')).toBe('in-progress');
    expect(runStatusOf({ state: 'started' }, 'completed')).toBe('done');
    expect(runStatusOf({ state: 'started' }, 'failed')).toBe('failed');
  });
});
