/**
 * Starts received runs: reads the person (from the trigger, or from the identity provider),
 * checks them, and creates the golden path's scaffolder task, which is then visible in the portal
 * with its log. A run is claimed first, so two workers (or two backends) never start it twice; a
 * passing failure (the identity provider or the scaffolder unreachable) leaves it for the next
 * pass, and a person who lacks something marks it incomplete with what to set.
 */
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Person, personProblems } from '@runway/plugin-onboarding-common';
import {
  OnboardingRun,
  OnboardingStore,
  RunSource,
} from '../database/OnboardingStore';
import {
  DirectoryPerson,
  PersonDirectory,
  PersonGoneError,
} from './OktaDirectory';

/** How long a worker holds a run while it starts it; another takes over after. */
const HOLD_MS = 10 * 60_000;
/** Starts tried before a run is given up as incomplete, with the last error. */
const MAX_ATTEMPTS = 10;

/** A refusal that retrying cannot change (the scaffolder's 400): the run is incomplete. */
class PermanentStartError extends Error {}

/** The fields of a Person; nothing else from a trigger reaches the template. */
const PERSON_FIELDS: Array<keyof Person> = [
  'idpUserId',
  'name',
  'email',
  'githubLogin',
  'team',
  'manager',
  'buddy',
  'startDate',
  'timeZone',
];

export interface OnboardingWorkerOptions {
  store: OnboardingStore;
  /** Where a run's person is read when the request did not carry them, by trigger. */
  directories: Partial<Record<RunSource, PersonDirectory>>;
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  templates: { onboard: string; offboard: string };
  now?: () => Date;
}

export class OnboardingWorker {
  private readonly now: () => Date;
  private pass: Promise<void> = Promise.resolve();

  constructor(private readonly options: OnboardingWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Starts every claimable run; passes never overlap within this backend. */
  processPending(): Promise<void> {
    this.pass = this.pass.then(() => this.runPass());
    return this.pass;
  }

  private async runPass() {
    const { store, logger } = this.options;
    for (const queued of await store.claimable(this.now())) {
      const run = await store.claim(queued.id, this.now(), HOLD_MS);
      if (!run) continue;
      try {
        await this.start(run);
      } catch (error) {
        const message = (error as Error).message;
        if (
          error instanceof PermanentStartError ||
          run.attempts >= MAX_ATTEMPTS
        ) {
          logger.warn(
            `Onboarding run ${run.id} (${run.kind} ${run.idpUserId}) cannot start: ${message}`,
          );
          await store.markIncomplete(
            run.id,
            `${run.idpUserId} could not be started${
              error instanceof PermanentStartError
                ? ''
                : ` after ${run.attempts} attempts`
            }: ${message}. Fix the cause, then re-run from the form or send the event again.`,
          );
          return;
        }
        logger.warn(
          `Onboarding run ${run.id} (${run.kind} ${run.idpUserId}) did not start, retried on the next pass: ${message}`,
        );
        await store.releaseWithError(run.id, message);
      }
    }
  }

  private async start(run: OnboardingRun) {
    const { store, logger } = this.options;
    const person =
      run.kind === 'onboard' ? await this.joiner(run) : await this.leaver(run);
    if (typeof person === 'string') {
      logger.warn(person);
      await store.markIncomplete(run.id, person, run.person);
      return;
    }
    const problems = personProblems(person).filter(
      // Offboarding needs only who the person is; the rest comes from what onboarding made.
      p =>
        run.kind === 'onboard' ||
        p.startsWith('email') ||
        p.startsWith('githubLogin'),
    );
    if (problems.length) {
      const message = `${run.idpUserId} cannot be ${
        run.kind === 'onboard' ? 'onboarded' : 'offboarded'
      } yet: ${problems.join(
        '; ',
      )}. Fix it at the source; the next event for this person (or a re-run from the form) starts the run.`;
      logger.warn(message);
      await store.markIncomplete(run.id, message, person as Person);
      return;
    }
    const taskId = await this.createTask(run, person as Person);
    await store.markStarted(run.id, taskId, person as Person, this.now());
    logger.info(
      `Onboarding run ${run.id}: ${run.kind} ${run.idpUserId} started as task ${taskId}`,
    );
  }

  /** The person to onboard, or why not: an account the identity provider has deactivated is not. */
  private async joiner(run: OnboardingRun): Promise<Partial<Person> | string> {
    if (run.person) return this.only(run.person, run.idpUserId);
    const directory = this.options.directories[run.source];
    if (!directory) return this.noDirectory(run);
    let now: DirectoryPerson;
    try {
      now = await directory.person(run.idpUserId);
    } catch (error) {
      if (error instanceof PersonGoneError)
        return `${run.idpUserId} is not in ${run.source} (${error.message}); nothing to onboard.`;
      throw error;
    }
    if (now.active === false)
      return `${run.idpUserId} is deactivated in ${run.source}; nothing to onboard.`;
    return this.only(now, run.idpUserId);
  }

  /**
   * The person to offboard, or why not. Who they are is what their onboarding recorded, not what
   * a trigger says now: a trigger naming another e-mail or login than onboarding recorded is
   * refused, so an event cannot offboard someone else. An identity provider must agree that the
   * account is no longer in use.
   */
  private async leaver(run: OnboardingRun): Promise<Partial<Person> | string> {
    const recorded = (
      await this.options.store.findRun(run.idpUserId, 'onboard')
    )?.person;
    const directory = this.options.directories[run.source];
    let claimed: Partial<Person> | undefined = run.person;
    if (!claimed && directory) {
      try {
        const now = await directory.person(run.idpUserId);
        if (now.active === true)
          return `${run.idpUserId} is still active in ${run.source}; deactivate the account there first, then the deactivation event offboards them.`;
        claimed = now;
      } catch (error) {
        // A deleted account is no longer in use: what onboarding recorded says who it was.
        if (!(error instanceof PersonGoneError)) throw error;
      }
    }
    if (!claimed && !recorded && !directory) return this.noDirectory(run);
    if (recorded) {
      for (const field of ['email', 'githubLogin'] as const) {
        const said = claimed?.[field];
        if (
          said &&
          said.toLocaleLowerCase('en-US') !==
            recorded[field]?.toLocaleLowerCase('en-US')
        )
          return `${run.idpUserId}: the ${run.source} event names ${field} ${said}, but onboarding recorded ${recorded[field]}; offboarding only removes what onboarding granted. Correct the source, or offboard from the form.`;
      }
      return this.only(recorded, run.idpUserId);
    }
    return this.only(claimed ?? {}, run.idpUserId);
  }

  private noDirectory(run: OnboardingRun): string {
    return `No person came with the request and ${run.source} is not configured to read one (runway.onboarding.${run.source}); send the person with the request or configure it.`;
  }

  /** The Person fields only, with the run's id. */
  private only(person: Partial<Person>, idpUserId: string): Partial<Person> {
    return {
      ...Object.fromEntries(
        PERSON_FIELDS.filter(f => person[f] !== undefined).map(f => [
          f,
          person[f],
        ]),
      ),
      idpUserId,
    };
  }

  /**
   * Creates the run's scaffolder task, once: the task carries the run's id (`runId`), and a run
   * started before (a lost answer, or a crash before the run recorded the task) finds the task
   * its earlier attempt made instead of making a second.
   */
  private async createTask(run: OnboardingRun, person: Person) {
    const { discovery, auth, templates } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const base = await discovery.getBaseUrl('scaffolder');
    const headers = {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (run.attempts > 1) {
      const made = await this.earlierTask(base, headers, run.id);
      if (made) return made;
    }
    const res = await fetch(`${base}/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: templates[run.kind],
        values: { ...taskValues(person), runId: run.id },
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 201) {
      const Failure = res.status === 400 ? PermanentStartError : Error;
      throw new Failure(
        `the scaffolder refused ${templates[run.kind]}: ${res.status} ${(
          await res.text()
        ).slice(0, 500)}`,
      );
    }
    return ((await res.json()) as { id: string }).id;
  }

  /** The task an earlier attempt of the run created, among the scaffolder's newest. */
  private async earlierTask(
    base: string,
    headers: Record<string, string>,
    runId: string,
  ): Promise<string | undefined> {
    const res = await fetch(
      `${base}/v2/tasks?order=desc:created_at&limit=500`,
      { headers, signal: AbortSignal.timeout(30_000) },
    );
    if (!res.ok) {
      throw new Error(
        `the scaffolder did not list its tasks (${res.status}), so Runway cannot tell whether run ${runId} made one already`,
      );
    }
    const { tasks } = (await res.json()) as {
      tasks: Array<{ id: string; spec?: { parameters?: { runId?: string } } }>;
    };
    return tasks.find(t => t.spec?.parameters?.runId === runId)?.id;
  }
}

/** The template's form values: the person, without empty optional fields. */
function taskValues(person: Person): Record<string, string> {
  return Object.fromEntries(
    Object.entries(person).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as Record<string, string>;
}
