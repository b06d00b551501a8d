/** GitHub Actions REST: workflows, runs, jobs, re-runs and job logs (what Backstage's GitHub Actions plugin calls). */
import crypto from 'node:crypto';
import { jobJson, rerun, runJson, workflowJson, workflowsOf } from '../actions';
import { RepoRecord, WorkflowRunRecord, fullName } from '../state';
import {
  ForgeContext,
  GitHubError,
  Handler,
  notFound,
  paging,
  param,
  query,
  repoOf,
  requirePermission,
} from './types';

function runOf(c: Parameters<Handler>[0], fx: ForgeContext, repo: RepoRecord) {
  const id = Number(param(c, 'run_id'));
  const run = fx.state.data.workflowRuns.find(
    r => r.id === id && r.repo === fullName(repo),
  );
  if (!run) throw notFound();
  return run;
}

async function listRuns(
  c: Parameters<Handler>[0],
  fx: ForgeContext,
  repo: RepoRecord,
  workflowId?: number,
) {
  const branch = query(c, 'branch');
  const status = query(c, 'status');
  const event = query(c, 'event');
  const actor = query(c, 'actor');
  const headSha = query(c, 'head_sha');
  const runs = fx.state.data.workflowRuns
    .filter(r => r.repo === fullName(repo))
    .filter(r => workflowId === undefined || r.workflow_id === workflowId)
    .filter(r => !branch || r.head_branch === branch)
    // GitHub's `status` filter takes a status or a conclusion.
    .filter(r => !status || r.status === status || r.conclusion === status)
    .filter(r => !event || r.event === event)
    .filter(r => !actor || r.actor.toLowerCase() === actor.toLowerCase())
    .filter(r => !headSha || r.head_sha === headSha)
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  const page: WorkflowRunRecord[] = paging(c)(runs);
  const workflowRuns = [];
  for (const run of page) workflowRuns.push(await runJson(fx, repo, run));
  return {
    status: 200,
    body: { total_count: runs.length, workflow_runs: workflowRuns },
  };
}

/** A workflow by its id or its file name, as GitHub accepts. */
async function workflowOf(
  c: Parameters<Handler>[0],
  fx: ForgeContext,
  repo: RepoRecord,
) {
  const key = param(c, 'workflow_id');
  const workflows = await workflowsOf(fx, repo);
  const found = workflows.find(
    w =>
      String(w.record.id) === key ||
      w.record.path.split('/').pop() === key ||
      w.record.path === key,
  );
  if (!found) throw notFound();
  return found.record;
}

const logsKey = crypto.randomBytes(32);

export function signJobLog(repo: RepoRecord, jobId: number, expires: number) {
  return crypto
    .createHmac('sha256', logsKey)
    .update(`${fullName(repo)}|${jobId}|${expires}`)
    .digest('hex');
}

export const actionsHandlers: Record<string, Handler> = {
  'actions/list-repo-workflows': async (c, fx) => {
    const repo = repoOf(c, fx);
    const workflows = (await workflowsOf(fx, repo)).map(w => w.record);
    return {
      status: 200,
      body: {
        total_count: workflows.length,
        workflows: paging(c)(workflows).map(w => workflowJson(fx, repo, w)),
      },
    };
  },

  'actions/get-workflow': async (c, fx) => {
    const repo = repoOf(c, fx);
    return {
      status: 200,
      body: workflowJson(fx, repo, await workflowOf(c, fx, repo)),
    };
  },

  'actions/list-workflow-runs-for-repo': async (c, fx) =>
    listRuns(c, fx, repoOf(c, fx)),

  'actions/list-workflow-runs': async (c, fx) => {
    const repo = repoOf(c, fx);
    return listRuns(c, fx, repo, (await workflowOf(c, fx, repo)).id);
  },

  'actions/get-workflow-run': async (c, fx) => {
    const repo = repoOf(c, fx);
    return { status: 200, body: await runJson(fx, repo, runOf(c, fx, repo)) };
  },

  'actions/list-jobs-for-workflow-run': async (c, fx) => {
    const repo = repoOf(c, fx);
    const run = runOf(c, fx, repo);
    return {
      status: 200,
      body: {
        total_count: run.jobs.length,
        jobs: paging(c)(run.jobs).map(j => jobJson(fx, repo, run, j)),
      },
    };
  },

  'actions/re-run-workflow': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const run = runOf(c, fx, repo);
    if (run.status !== 'completed')
      throw new GitHubError(403, 'This workflow run is not completed');
    await rerun(fx, repo, run, fx.viewer);
    return { status: 201, body: {} };
  },

  // GitHub answers with a short-lived link to the plain-text log; so does the forge.
  'actions/download-job-logs-for-workflow-run': async (c, fx) => {
    const repo = repoOf(c, fx);
    const jobId = Number(param(c, 'job_id'));
    const found = fx.state.data.workflowRuns.some(
      r => r.repo === fullName(repo) && r.jobs.some(j => j.id === jobId),
    );
    if (!found) throw notFound();
    const expires = Date.now() + 60_000;
    return {
      status: 302,
      headers: {
        location: `${fx.urls.base}/_actions/logs/${repo.owner}/${
          repo.name
        }/jobs/${jobId}?expires=${expires}&token=${signJobLog(
          repo,
          jobId,
          expires,
        )}`,
      },
    };
  },
};
