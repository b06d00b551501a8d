import { http, HttpResponse } from 'msw';
import {
  FirstDayTask,
  Milestone,
  NewHire,
  OnboardingRun,
  ScaffolderTask,
  TaskEvent,
  TaskStatus,
} from '../api';

/** Where the client reaches the backends with `mockApis.discovery()`. */
export const API_URL = 'http://example.com/api';
export const ONBOARDING_URL = `${API_URL}/onboarding`;
export const SCAFFOLDER_URL = `${API_URL}/scaffolder`;

/** The engineer-onboarding template's steps. */
export const ONBOARDING_STEPS = [
  {
    id: 'prepare',
    name: 'Check the person, the team and the people around them',
  },
  { id: 'access', name: 'Open the access pull request (GitHub, SSO, sandbox)' },
  {
    id: 'slack',
    name: "Add to the team's Slack channels and standup usergroup",
  },
  {
    id: 'welcome',
    name: 'Send the welcome e-mail and the orientation meetings',
  },
  { id: 'manager', name: 'Tell the manager' },
];

const MINUTE = 60_000;

/** A hire joining payments in two weeks. */
export function aPerson(
  login: string,
  overrides: Partial<NonNullable<OnboardingRun['person']>> = {},
): NonNullable<OnboardingRun['person']> {
  return {
    idpUserId: `00u-${login}`,
    name: login
      .split('-')
      .map(w => w[0].toUpperCase() + w.slice(1))
      .join(' '),
    email: `${login}@acme.example`,
    githubLogin: login,
    team: 'group:default/payments',
    manager: 'grace.liu@acme.example',
    startDate: '2027-01-04',
    ...overrides,
  };
}

export function aRun(
  login: string,
  overrides: Partial<OnboardingRun> = {},
): OnboardingRun {
  return {
    id: `run-${login}`,
    idpUserId: `00u-${login}`,
    kind: 'onboard',
    source: 'hr',
    state: 'started',
    person: aPerson(login),
    taskId: `task-${login}`,
    attempts: 1,
    createdAt: new Date(Date.now() - 10 * MINUTE).toISOString(),
    startedAt: new Date(Date.now() - 10 * MINUTE).toISOString(),
    ...overrides,
  };
}

/** The error body Backstage's error handler sends. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** A scaffolder task whose log is written as the real workflow runner writes it. */
export class FakeTask {
  status: TaskStatus = 'processing';
  readonly events: TaskEvent[] = [];
  private nextId = 1;

  constructor(
    readonly id: string,
    readonly steps = ONBOARDING_STEPS,
    readonly prUrl = `https://github.acme.example/acme/platform-config/pull/${id.length}`,
  ) {
    this.log(`Starting up task with ${steps.length} steps`);
  }

  get spec(): ScaffolderTask['spec'] {
    return {
      steps: this.steps.map(s => ({ ...s, action: 'runway:fake' })),
      templateInfo: { entityRef: 'template:default/engineer-onboarding' },
    };
  }

  begin(stepId: string) {
    this.log(`Beginning step ${this.name(stepId)}`, stepId, 'processing');
    return this;
  }

  finish(stepId: string) {
    if (stepId === 'access')
      this.log(`Pull request ${this.prUrl} is open`, stepId);
    this.log(`Finished step ${this.name(stepId)}`, stepId, 'completed');
    return this;
  }

  /** Runs the steps, from the first or `from`, until `until` (excluded) or the end. */
  run(options: { from?: string; until?: string } = {}) {
    const ids = this.steps.map(s => s.id);
    const start = options.from ? ids.indexOf(options.from) : 0;
    const end = options.until ? ids.indexOf(options.until) : ids.length;
    for (const id of ids.slice(start, end)) this.begin(id).finish(id);
    return this;
  }

  /** The step throws: its stack is logged, the later steps are skipped, the task fails. */
  fail(stepId: string, message: string) {
    this.begin(stepId);
    this.log(
      `InputError: ${message}\n    at handler (/app/actions/${stepId}.ts:1:1)\n    at async NunjucksWorkflowRunner.executeStep (runner.js:2:2)`,
      stepId,
      'failed',
    );
    const ids = this.steps.map(s => s.id);
    for (const id of ids.slice(ids.indexOf(stepId) + 1)) {
      this.log(
        `Skipping step ${id} because a previous step failed`,
        id,
        'skipped',
      );
    }
    this.status = 'failed';
    this.push('completion', {
      message: 'Run completed with status: failed',
      error: { name: 'InputError', message },
    });
    return this;
  }

  complete() {
    this.status = 'completed';
    this.push('completion', {
      message: 'Run completed with status: completed',
      output: {
        links: [
          { title: 'Access pull request', url: this.prUrl },
          {
            title: 'Team page',
            url: 'http://localhost:3000/catalog/default/group/payments',
          },
        ],
      },
    });
    return this;
  }

  /** What POST /retry does: open again, the completion dropped, a `recovered` event. */
  retry() {
    this.status = 'open';
    for (let i = this.events.length - 1; i >= 0; i--) {
      if (this.events[i].type === 'completion') this.events.splice(i, 1);
    }
    this.push('recovered', { recoverStrategy: 'none' });
  }

  toJSON(): ScaffolderTask {
    return { id: this.id, status: this.status, spec: this.spec };
  }

  private name(stepId: string) {
    return this.steps.find(s => s.id === stepId)?.name ?? stepId;
  }

  private log(message: string, stepId?: string, status?: string) {
    this.push('log', {
      message,
      ...(stepId && { stepId }),
      ...(status && { status }),
    });
  }

  private push(type: string, body: TaskEvent['body']) {
    this.events.push({
      id: this.nextId++,
      taskId: this.id,
      type,
      createdAt: new Date().toISOString(),
      body,
    });
  }
}

/** Every milestone, none reached. */
export const NO_MILESTONES: Milestone[] = [
  { kind: 'access-granted' },
  { kind: 'sandbox-ready' },
  { kind: 'first-pr' },
  { kind: 'first-staging-deploy' },
];

/** A hire's page as the backend answers it: the run, tasks to tick, no milestone yet. */
export function aNewHire(
  login: string,
  overrides: Partial<NewHire> = {},
): NewHire {
  return {
    run: aRun(login),
    firstDayTasks: [
      { position: 0, title: 'Collect your badge' },
      { position: 1, title: 'Set up your laptop' },
    ],
    milestones: NO_MILESTONES,
    ...overrides,
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * The onboarding backend's runs and the scaffolder's tasks at the network edge, answering as the
 * real routers do (403 for anyone but the platform team; 409 for a retry of a task not finished).
 */
export class FakeOnboardingBackend {
  readonly requests: RecordedRequest[] = [];
  readonly tasks = new Map<string, FakeTask>();
  /** The caller is not in the platform team. */
  forbidden = false;
  /** Hires' pages by identity-provider id; the caller may read only these. */
  readonly hires = new Map<string, NewHire>();
  /** What the scaffolder does after a retry was accepted; by default the task runs to the end. */
  afterRetry: (task: FakeTask) => void = task => {
    const failed = task.steps.find(s =>
      task.events.some(
        e => e.body?.stepId === s.id && e.body?.status === 'failed',
      ),
    );
    task.status = 'processing';
    task.run({ from: failed?.id }).complete();
  };

  constructor(
    public runs: OnboardingRun[] = [],
    private readonly apiUrl: string = API_URL,
  ) {}

  addTask(task: FakeTask) {
    this.tasks.set(task.id, task);
    return task;
  }

  requestsTo(method: string, path: string) {
    return this.requests.filter(r => r.method === method && r.path === path);
  }

  handlers() {
    return [
      http.get(`${this.apiUrl}/onboarding/runs`, async ({ request }) => {
        await this.record(request);
        if (this.forbidden) {
          return errorResponse(
            403,
            'NotAllowedError',
            'Onboarding runs hold personal data; only the platform team reads them.',
          );
        }
        return HttpResponse.json({ runs: this.runs });
      }),
      http.get(
        `${this.apiUrl}/onboarding/hires/:id`,
        async ({ request, params }) => {
          await this.record(request);
          const hire = this.hires.get(String(params.id));
          return hire
            ? HttpResponse.json(hire)
            : errorResponse(
                403,
                'NotAllowedError',
                `user:default/priya may not read the new-hire page of ${params.id}: it is its hire's (signed in with their own account) and the platform team's (onboarding.hire.read).`,
              );
        },
      ),
      http.put(
        `${this.apiUrl}/onboarding/hires/:id/first-day-tasks/:position`,
        async ({ request, params }) => {
          const { body } = await this.record(request);
          const hire = this.hires.get(String(params.id));
          const position = Number(params.position);
          const task = hire?.firstDayTasks.find(t => t.position === position);
          if (!hire || !task) {
            return errorResponse(404, 'NotFoundError', 'No such task');
          }
          const done = (body as { done: boolean }).done;
          const now: FirstDayTask = done
            ? {
                ...task,
                doneAt: task.doneAt ?? new Date().toISOString(),
                doneBy: task.doneBy ?? 'user:default/priya',
              }
            : { position: task.position, title: task.title };
          hire.firstDayTasks = hire.firstDayTasks.map(t =>
            t.position === position ? now : t,
          );
          return HttpResponse.json({ task: now });
        },
      ),
      http.get(
        `${this.apiUrl}/scaffolder/v2/tasks/:id`,
        async ({ request, params }) =>
          this.withTask(request, params.id, task =>
            HttpResponse.json(task.toJSON()),
          ),
      ),
      http.get(
        `${this.apiUrl}/scaffolder/v2/tasks/:id/events`,
        async ({ request, params }) =>
          this.withTask(request, params.id, task =>
            HttpResponse.json(task.events),
          ),
      ),
      http.post(
        `${this.apiUrl}/scaffolder/v2/tasks/:id/retry`,
        async ({ request, params }) =>
          this.withTask(request, params.id, task => {
            if (['open', 'processing'].includes(task.status)) {
              return errorResponse(
                409,
                'ConflictError',
                `Task with taskId ${task.id} cannot be retried`,
              );
            }
            task.retry();
            this.afterRetry(task);
            return HttpResponse.json({ id: task.id }, { status: 201 });
          }),
      ),
    ];
  }

  private async withTask(
    request: Request,
    id: unknown,
    respond: (task: FakeTask) => Response,
  ) {
    await this.record(request);
    const task = this.tasks.get(String(id));
    if (!task) {
      return errorResponse(
        404,
        'NotFoundError',
        `Task with id ${id} does not exist`,
      );
    }
    return respond(task);
  }

  private async record(request: Request) {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const recorded = {
      method: request.method,
      path: url.pathname.replace(/^\/api\/(onboarding|scaffolder)/, ''),
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(recorded);
    return recorded;
  }
}
