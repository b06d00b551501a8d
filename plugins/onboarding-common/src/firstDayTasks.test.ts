import {
  DEFAULT_FIRST_DAY_TASKS,
  FIRST_DAY_TASKS_CONFIG_KEY,
  readFirstDayTasks,
} from './firstDayTasks';

/** A config holding `runway.onboarding.email.firstDayTasks`, or not. */
const configWith = (firstDayTasks?: string[]) => ({
  getOptionalStringArray: (key: string) =>
    key === FIRST_DAY_TASKS_CONFIG_KEY ? firstDayTasks : undefined,
});

describe('readFirstDayTasks', () => {
  it('reads the welcome e-mail’s key, trimmed', () => {
    expect(
      readFirstDayTasks(configWith([' Collect your badge ', 'Set up MFA'])),
    ).toEqual(['Collect your badge', 'Set up MFA']);
  });

  it('has four generic tasks when the key is not set', () => {
    expect(readFirstDayTasks(configWith())).toEqual(DEFAULT_FIRST_DAY_TASKS);
    expect(DEFAULT_FIRST_DAY_TASKS).toHaveLength(4);
  });

  it('names the task that is empty or too long', () => {
    expect(() => readFirstDayTasks(configWith(['ok', '  ']))).toThrow(
      'runway.onboarding.email.firstDayTasks[1] must be a task of 1 to 300 characters',
    );
    expect(() => readFirstDayTasks(configWith(['x'.repeat(301)]))).toThrow(
      /firstDayTasks\[0\] must be a task of 1 to 300 characters; got "x{40}…"/,
    );
    expect(() =>
      readFirstDayTasks(configWith(Array.from({ length: 31 }, () => 'a'))),
    ).toThrow('lists 31 tasks; keep it to 30 or fewer');
  });
});
