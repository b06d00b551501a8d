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
import { PersonDirectory } from './OktaDirectory';

/** How long a worker holds a run while it starts it; another takes over after. */
const HOLD_MS = 10 * 60_000;

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
        logger.warn(
          `Onboarding run ${run.id} (${run.kind} ${run.idpUserId}) did not start, retried on the next pass: ${message}`,
        );
        await store.releaseWithError(run.id, message);
      }
    }
  }

  private async start(run: OnboardingRun) {
    const { store, logger } = this.options;
    const directory = this.options.directories[run.source];
    let person: Partial<Person> | undefined = run.person;
    if (!person && !directory) {
      await store.markIncomplete(
        run.id,
        `No person came with the request and ${run.source} is not configured to read one (runway.onboarding.${run.source}); send the person with the request or configure it.`,
      );
      return;
    }
    person ??= await this.readPerson(run, directory!);
    person = { ...person, idpUserId: run.idpUserId };
    // Offboarding needs only who the person is; the rest is read back from what onboarding made.
    const problems =
      run.kind === 'onboard'
        ? personProblems(person)
        : personProblems(person).filter(
            p => p.startsWith('email') || p.startsWith('githubLogin'),
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
    const taskId = await this.createTask(run.kind, person as Person);
    await store.markStarted(run.id, taskId, person as Person, this.now());
    logger.info(
      `Onboarding run ${run.id}: ${run.kind} ${run.idpUserId} started as task ${taskId}`,
    );
  }

  /**
   * The person as the identity provider has them. Someone leaving may already be gone from it
   * (a deleted user): their onboarding run remembers who they were, and fills what is missing.
   */
  private async readPerson(
    run: OnboardingRun,
    directory: PersonDirectory,
  ): Promise<Partial<Person>> {
    if (run.kind === 'onboard') return directory.person(run.idpUserId);
    const onboarded = (
      await this.options.store.findRun(run.idpUserId, 'onboard')
    )?.person;
    const now = await directory.person(run.idpUserId).catch(error => {
      if (!onboarded) throw error;
      return {};
    });
    return { ...onboarded, ...now };
  }

  private async createTask(kind: OnboardingRun['kind'], person: Person) {
    const { discovery, auth, templates } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const res = await fetch(
      `${await discovery.getBaseUrl('scaffolder')}/v2/tasks`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          templateRef: templates[kind],
          values: taskValues(person),
        }),
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (res.status !== 201) {
      throw new Error(
        `the scaffolder refused ${templates[kind]}: ${res.status} ${(
          await res.text()
        ).slice(0, 500)}`,
      );
    }
    return ((await res.json()) as { id: string }).id;
  }
}

/** The template's form values: the person, without empty optional fields. */
function taskValues(person: Person): Record<string, string> {
  return Object.fromEntries(
    Object.entries(person).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as Record<string, string>;
}
