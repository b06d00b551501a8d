/**
 * The GitHub Actions stand-in: workflows are the `.github/workflows/*.y*ml` files of a repository,
 * runs are recorded (never executed) — past runs seeded for the repositories the forge starts
 * with, and one successful run per push-triggered workflow for each push to the default branch —
 * and announced with `workflow_run` webhooks.
 */
import crypto from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { repoJson, userJson } from './json';
import { ForgeContext } from './handlers/types';
import {
  RepoRecord,
  UserRecord,
  WorkflowJobRecord,
  WorkflowRecord,
  WorkflowRunRecord,
  fullName,
  now,
} from './state';

/** What recording runs needs: records, URLs, git and webhooks, but no caller. */
export type ActionsContext = Pick<
  ForgeContext,
  'state' | 'urls' | 'git' | 'webhooks'
>;

export interface WorkflowFile {
  record: WorkflowRecord;
  on: unknown;
  jobs: { name: string; steps: string[] }[];
}

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** The workflow files at a commit (default: the default branch), each with its stable id. */
export async function workflowsOf(
  ax: ActionsContext,
  repo: RepoRecord,
  at?: string,
): Promise<WorkflowFile[]> {
  const git = ax.git(repo);
  const commit = at ?? (await git.resolve(`refs/heads/${repo.default_branch}`));
  if (!commit) return [];
  const entries = (await git.lsTree(commit, true)).filter(
    e => e.type === 'blob' && WORKFLOW_FILE.test(e.path),
  );
  const out: WorkflowFile[] = [];
  for (const entry of entries) {
    const text = (await git.readBlob(entry.sha)).toString('utf8');
    out.push(workflowFileOf(ax, repo, entry.path, text));
  }
  return out;
}

/** A workflow file's record (made if new; saved unless the caller saves) and what it runs. */
export function workflowFileOf(
  ax: Pick<ActionsContext, 'state'>,
  repo: RepoRecord,
  path: string,
  text: string,
  save = true,
): WorkflowFile {
  let doc: any = {};
  try {
    doc = parseYaml(text) ?? {};
  } catch {
    // GitHub lists a workflow it cannot parse too, named by its path.
  }
  return {
    record: recordOf(ax, repo, path, doc.name ?? path, save),
    on: doc.on ?? doc[true as any],
    jobs: Object.entries<any>(doc.jobs ?? {}).map(([key, job]) => ({
      name: job?.name ?? key,
      steps: (Array.isArray(job?.steps) ? job.steps : []).map(stepName),
    })),
  };
}

function stepName(step: any): string {
  if (step?.name) return String(step.name);
  if (step?.uses) return `Run ${step.uses}`;
  return `Run ${String(step?.run ?? '').split('\n')[0]}`.trim();
}

function recordOf(
  ax: Pick<ActionsContext, 'state'>,
  repo: RepoRecord,
  path: string,
  name: string,
  save: boolean,
): WorkflowRecord {
  let record = ax.state.data.workflows.find(
    w => w.repo === fullName(repo) && w.path === path,
  );
  if (!record) {
    record = {
      id: ax.state.newId(),
      repo: fullName(repo),
      path,
      name,
      created_at: now(),
    };
    ax.state.data.workflows.push(record);
    if (save) ax.state.save();
  }
  record.name = String(name);
  return record;
}

/** Whether `on:` starts the workflow for this event on this branch. */
export function triggeredBy(on: unknown, event: string, branch: string) {
  if (typeof on === 'string') return on === event;
  if (Array.isArray(on)) return on.includes(event);
  if (!on || typeof on !== 'object' || !(event in on)) return false;
  const filter = (on as any)[event];
  const branches: string[] | undefined = filter?.branches;
  const ignored: string[] | undefined = filter?.['branches-ignore'];
  if (branches) return branches.some(b => glob(b).test(branch));
  if (ignored) return !ignored.some(b => glob(b).test(branch));
  return true;
}

function glob(pattern: string) {
  const source = pattern
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A failed job fails at its last own step; the steps after it (bar cleanup) are skipped. */
function stepConclusion(job: WorkflowJobRecord, index: number) {
  const failedAt = job.conclusion === 'failure' ? job.steps.length - 2 : -1;
  if (failedAt < 0 || index < failedAt || index === job.steps.length - 1)
    return 'success';
  return index === failedAt ? 'failure' : 'skipped';
}

function jobsFor(
  ax: Pick<ActionsContext, 'state'>,
  workflow: WorkflowFile,
  started: Date,
  conclusion: 'success' | 'failure',
): WorkflowJobRecord[] {
  const jobs = workflow.jobs.length
    ? workflow.jobs
    : [{ name: 'build', steps: [] }];
  return jobs.map((job, index) => {
    const start = new Date(started.getTime() + index * 5_000);
    const end = new Date(start.getTime() + 40_000 + index * 17_000);
    return {
      id: ax.state.newId(),
      name: job.name,
      // The last job fails a failed run; the ones before it passed.
      conclusion:
        conclusion === 'failure' && index === jobs.length - 1
          ? 'failure'
          : 'success',
      started_at: iso(start),
      completed_at: iso(end),
      steps: ['Set up job', ...job.steps, 'Complete job'],
    };
  });
}

/** Records a completed run of a workflow and announces it with `workflow_run` webhooks. */
export async function recordRun(
  ax: ActionsContext,
  repo: RepoRecord,
  workflow: WorkflowFile,
  run: {
    head_branch: string;
    head_sha: string;
    event: string;
    actor: UserRecord;
    conclusion: 'success' | 'failure';
    title: string;
    at?: Date;
  },
  announce = true,
): Promise<WorkflowRunRecord> {
  const record = addRun(ax, repo, workflow, run);
  ax.state.save();
  if (announce) await announceRun(ax, repo, record, run.actor);
  return record;
}

/** Adds a completed run to the records without saving or announcing it (seeding saves once). */
export function addRun(
  ax: Pick<ActionsContext, 'state'>,
  repo: RepoRecord,
  workflow: WorkflowFile,
  run: Parameters<typeof recordRun>[3],
): WorkflowRunRecord {
  const started = run.at ?? new Date();
  const jobs = jobsFor(ax, workflow, started, run.conclusion);
  const record: WorkflowRunRecord = {
    id: ax.state.newId(),
    repo: fullName(repo),
    workflow_id: workflow.record.id,
    run_number:
      ax.state.data.workflowRuns.filter(
        r => r.workflow_id === workflow.record.id,
      ).length + 1,
    run_attempt: 1,
    name: workflow.record.name,
    display_title: run.title,
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    event: run.event,
    status: 'completed',
    conclusion: run.conclusion,
    actor: run.actor.login,
    created_at: iso(started),
    run_started_at: iso(started),
    updated_at: jobs[jobs.length - 1].completed_at,
    jobs,
  };
  ax.state.data.workflowRuns.push(record);
  return record;
}

export async function announceRun(
  ax: ActionsContext,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  sender: UserRecord,
) {
  const workflow = ax.state.data.workflows.find(w => w.id === run.workflow_id)!;
  await ax.webhooks.workflowRun(
    repo,
    'completed',
    workflowJson(ax, repo, workflow),
    await runJson(ax, repo, run),
    sender,
  );
}

/** GitHub re-runs a run in place: a new attempt of the same run, here one that passes. */
export async function rerun(
  ax: ActionsContext,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  actor: UserRecord,
) {
  const workflow = (await workflowsOf(ax, repo, run.head_sha).catch(
    () => [],
  )) as WorkflowFile[];
  const file = workflow.find(w => w.record.id === run.workflow_id) ?? {
    record: ax.state.data.workflows.find(w => w.id === run.workflow_id)!,
    on: undefined,
    jobs: run.jobs.map(j => ({ name: j.name, steps: j.steps.slice(1, -1) })),
  };
  const started = new Date();
  run.jobs = jobsFor(ax, file, started, 'success');
  run.run_attempt += 1;
  run.status = 'completed';
  run.conclusion = 'success';
  run.run_started_at = iso(started);
  run.updated_at = run.jobs[run.jobs.length - 1].completed_at;
  ax.state.save();
  await announceRun(ax, repo, run, actor);
}

/** A push to the default branch runs every workflow whose `on:` has that push. */
export async function recordPushRuns(
  ax: ActionsContext,
  repo: RepoRecord,
  ref: string,
  after: string,
  pusher: UserRecord,
) {
  const branch = ref.replace(/^refs\/heads\//, '');
  if (branch !== repo.default_branch || /^0+$/.test(after)) return;
  const commit = await ax.git(repo).commit(after);
  if (!commit) return;
  for (const workflow of await workflowsOf(ax, repo, after)) {
    if (!triggeredBy(workflow.on, 'push', branch)) continue;
    await recordRun(ax, repo, workflow, {
      head_branch: branch,
      head_sha: after,
      event: 'push',
      actor: pusher,
      conclusion: 'success',
      title: commit.message.split('\n')[0],
    });
  }
}

/**
 * A few past runs per workflow for a repository the forge starts with, so the GitHub Actions
 * tab has a history: pushes to main and pull requests, mostly passing, one failing.
 */
export async function seedPastRuns(ax: ActionsContext, repo: RepoRecord) {
  if (ax.state.data.workflowRuns.some(r => r.repo === fullName(repo))) return;
  const head = await ax.git(repo).resolve(`refs/heads/${repo.default_branch}`);
  if (!head) return;
  const people = ax.state.data.users.filter(u => u.type === 'User');
  const day = 24 * 3600_000;
  const history = [
    {
      daysAgo: 6,
      branch: 'runway/update-modules',
      event: 'pull_request',
      conclusion: 'failure' as const,
      title: 'Update the service module',
    },
    {
      daysAgo: 5,
      branch: 'runway/update-modules',
      event: 'pull_request',
      conclusion: 'success' as const,
      title: 'Update the service module',
    },
    {
      daysAgo: 3,
      branch: repo.default_branch,
      event: 'push',
      conclusion: 'success' as const,
      title: 'Merge pull request #1 from acme/runway/update-modules',
    },
    {
      daysAgo: 1,
      branch: 'fix/policy-tags',
      event: 'pull_request',
      conclusion: 'failure' as const,
      title: 'Tag every resource with its cost centre',
    },
  ];
  const workflows = await workflowsOf(ax, repo);
  for (const [index, past] of history.entries()) {
    for (const workflow of workflows) {
      // A pull_request trigger's branch filter is about the base branch, as on GitHub.
      const filtered =
        past.event === 'pull_request' ? repo.default_branch : past.branch;
      if (!triggeredBy(workflow.on, past.event, filtered)) continue;
      await recordRun(
        ax,
        repo,
        workflow,
        {
          head_branch: past.branch,
          // Feature branches were deleted when merged; their commits are gone, as on GitHub.
          head_sha:
            past.branch === repo.default_branch
              ? head
              : crypto
                  .createHash('sha1')
                  .update(`${fullName(repo)}:${past.branch}:${index}`)
                  .digest('hex'),
          event: past.event,
          actor: people[(index % (people.length - 1)) + 1] ?? people[0],
          conclusion: past.conclusion,
          title: past.title,
          at: new Date(Date.now() - past.daysAgo * day - index * 3600_000),
        },
        false,
      );
    }
  }
}

export function workflowJson(
  ax: Pick<ActionsContext, 'state' | 'urls'>,
  repo: RepoRecord,
  w: WorkflowRecord,
) {
  const api = ax.urls.repoApi(repo.owner, repo.name);
  const html = ax.urls.html(repo.owner, repo.name);
  return {
    id: w.id,
    node_id: `W_${w.id}`,
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: w.created_at,
    updated_at: w.created_at,
    url: `${api}/actions/workflows/${w.id}`,
    html_url: `${html}/blob/${repo.default_branch}/${w.path}`,
    badge_url: `${html}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export async function runJson(
  ax: ActionsContext,
  repo: RepoRecord,
  run: WorkflowRunRecord,
) {
  const api = ax.urls.repoApi(repo.owner, repo.name);
  const html = ax.urls.html(repo.owner, repo.name);
  const workflow = ax.state.data.workflows.find(w => w.id === run.workflow_id);
  const actor = ax.state.user(run.actor) ?? ax.state.data.users[0];
  const commit = await ax
    .git(repo)
    .commit(run.head_sha)
    .catch(() => undefined);
  const minimalRepo = repoJson(ax, repo);
  return {
    id: run.id,
    name: run.name,
    node_id: `WFR_${run.id}`,
    check_suite_id: run.id + 1,
    check_suite_node_id: `CS_${run.id + 1}`,
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: workflow?.path ?? '',
    display_title: run.display_title,
    run_number: run.run_number,
    run_attempt: run.run_attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow_id,
    url: `${api}/actions/runs/${run.id}`,
    html_url: `${html}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.created_at,
    updated_at: run.updated_at,
    run_started_at: run.run_started_at,
    actor: userJson(ax, actor),
    triggering_actor: userJson(ax, actor),
    referenced_workflows: [],
    jobs_url: `${api}/actions/runs/${run.id}/jobs`,
    logs_url: `${api}/actions/runs/${run.id}/logs`,
    check_suite_url: `${api}/check-suites/${run.id + 1}`,
    artifacts_url: `${api}/actions/runs/${run.id}/artifacts`,
    cancel_url: `${api}/actions/runs/${run.id}/cancel`,
    rerun_url: `${api}/actions/runs/${run.id}/rerun`,
    previous_attempt_url:
      run.run_attempt > 1
        ? `${api}/actions/runs/${run.id}/attempts/${run.run_attempt - 1}`
        : null,
    workflow_url: `${api}/actions/workflows/${run.workflow_id}`,
    head_commit: {
      id: run.head_sha,
      tree_id:
        commit?.tree ??
        crypto.createHash('sha1').update(run.head_sha).digest('hex'),
      message: commit?.message ?? run.display_title,
      timestamp: commit?.committer.date ?? run.created_at,
      author: {
        name: commit?.author.name ?? actor.name,
        email: commit?.author.email ?? actor.email,
      },
      committer: {
        name: commit?.committer.name ?? actor.name,
        email: commit?.committer.email ?? actor.email,
      },
    },
    repository: minimalRepo,
    head_repository: minimalRepo,
  };
}

export function jobJson(
  ax: Pick<ActionsContext, 'state' | 'urls'>,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  job: WorkflowJobRecord,
) {
  const api = ax.urls.repoApi(repo.owner, repo.name);
  const html = ax.urls.html(repo.owner, repo.name);
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: run.run_attempt,
    node_id: `CR_${job.id}`,
    head_sha: run.head_sha,
    head_branch: run.head_branch,
    workflow_name: run.name,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${html}/actions/runs/${run.id}/job/${job.id}`,
    status: 'completed',
    conclusion: job.conclusion,
    created_at: job.started_at,
    started_at: job.started_at,
    completed_at: job.completed_at,
    name: job.name,
    steps: job.steps.map((name, index) => ({
      name,
      number: index + 1,
      status: 'completed',
      conclusion: stepConclusion(job, index),
      started_at: job.started_at,
      completed_at: job.completed_at,
    })),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 2,
    runner_group_name: 'GitHub Actions',
  };
}

/** The plain-text log GitHub serves for a job: timestamped lines, a group per step. */
export function jobLog(run: WorkflowRunRecord, job: WorkflowJobRecord) {
  const at = job.started_at.replace('Z', '.0000000Z');
  const lines: string[] = [];
  const failedAt = job.conclusion === 'failure' ? job.steps.length - 2 : -1;
  job.steps.forEach((step, index) => {
    if (failedAt >= 0 && index > failedAt && index < job.steps.length - 1)
      return;
    lines.push(`${at} ##[group]${step}`);
    if (index === 0)
      lines.push(
        `${at} Runner name: 'GitHub Actions 1'`,
        `${at} Job: ${job.name} (${run.name} #${run.run_number}, attempt ${run.run_attempt})`,
        `${at} Commit: ${run.head_sha} on ${run.head_branch}`,
      );
    lines.push(`${at} ##[endgroup]`);
    if (index === failedAt)
      lines.push(`${at} ##[error]Process completed with exit code 1.`);
  });
  if (job.conclusion === 'success')
    lines.push(`${at} Cleaning up orphan processes`);
  return `${lines.join('\n')}\n`;
}
