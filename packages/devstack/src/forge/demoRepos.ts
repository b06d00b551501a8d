/**
 * The demo Components' repositories (examples/, annotation github.com/project-slug): each made once
 * per data directory with a short history on main, its files and its past GitHub Actions runs, so
 * Argo CD finds their deploy/ and the service page shows CI. Written in process: the devstack
 * starts in every end-to-end test.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { OrgComponent } from '../seed/loadOrg';
import { ActionsContext, addRun, workflowFileOf } from './actions';
import { CI_WORKFLOW, Revision, demoRepoFiles } from './demoRepoFiles';
import { PackedRepo, Signature } from './packedRepo';
import { RepoRecord, UserRecord, fullName } from './state';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Step {
  /** How long ago, before the repository's own offset. */
  ago: number;
  revision: Revision;
  message: string;
  /** A pull request's branch; otherwise a commit on main. */
  branch?: string;
  conclusion: 'success' | 'failure';
}

const FIRST: Revision = {
  readinessTimeoutSeconds: 1,
  tracing: false,
  collectorInCi: false,
};
const TRACING_BRANCH = 'feat/otel-tracing';

/** Main's history and a pull request on the way: every push and PR update ran CI, one failed. */
const HISTORY: Step[] = [
  {
    ago: 6 * DAY,
    revision: FIRST,
    message: 'Add catalog-info.yaml, Kubernetes manifests and CI',
    conclusion: 'success',
  },
  {
    ago: 4 * DAY,
    revision: { ...FIRST, readinessTimeoutSeconds: 2 },
    message: 'Give the readiness probe more time on cold starts',
    conclusion: 'success',
  },
  {
    ago: 2 * DAY + 5 * HOUR,
    revision: {
      readinessTimeoutSeconds: 2,
      tracing: true,
      collectorInCi: false,
    },
    message: 'Export traces to the OpenTelemetry collector',
    branch: TRACING_BRANCH,
    conclusion: 'failure',
  },
  {
    ago: 2 * DAY + 3 * HOUR,
    revision: {
      readinessTimeoutSeconds: 2,
      tracing: true,
      collectorInCi: true,
    },
    message: 'Run an OpenTelemetry collector next to the tests',
    branch: TRACING_BRANCH,
    conclusion: 'success',
  },
  {
    ago: 2 * DAY,
    revision: {
      readinessTimeoutSeconds: 2,
      tracing: true,
      collectorInCi: true,
    },
    message: 'Export traces to the OpenTelemetry collector',
    conclusion: 'success',
  },
];

/**
 * Creates the repositories of the demo Components not made before in this data directory (a repo
 * deleted or renamed since stays so); saving once at the end.
 */
export function seedDemoRepos(
  ax: ActionsContext & { repoDir: (repo: RepoRecord) => string },
  components: OrgComponent[],
  now = Date.now(),
) {
  const data = ax.state.data;
  let changed = false;
  for (const component of components) {
    const key = `${data.org.login}/${component.repo}`.toLowerCase();
    if (data.demoReposSeeded.includes(key)) continue;
    data.demoReposSeeded.push(key);
    changed = true;
    if (ax.state.repo(data.org.login, component.repo)) continue;
    seedOne(ax, component, now);
  }
  if (changed) ax.state.save();
}

function seedOne(
  ax: ActionsContext & { repoDir: (repo: RepoRecord) => string },
  component: OrgComponent,
  now: number,
) {
  const { entity } = component;
  const data = ax.state.data;
  const team = String(entity.spec?.owner ?? '').replace(
    /^group:(default\/)?/,
    '',
  );
  // Each repository's history a few hours apart from the others', as real teams' would be.
  const offset =
    crypto.createHash('sha1').update(component.repo).digest()[0] * 120_000;
  const at = (step: Step) => new Date(now - step.ago - offset);
  const people = authorsOf(ax, team);
  const record: RepoRecord = {
    id: ax.state.newId(),
    owner: data.org.login,
    name: component.repo,
    description: entity.metadata?.description
      ? String(entity.metadata.description).trim()
      : null,
    homepage: null,
    private: true,
    visibility: 'private',
    default_branch: 'main',
    topics: (entity.metadata?.tags ?? []).map(String),
    has_issues: true,
    has_wiki: false,
    has_projects: false,
    allow_merge_commit: false,
    allow_squash_merge: true,
    allow_rebase_merge: false,
    delete_branch_on_merge: true,
    archived: false,
    created_at: iso(at(HISTORY[0])),
    updated_at: iso(at(HISTORY[HISTORY.length - 1])),
    pushed_at: iso(at(HISTORY[HISTORY.length - 1])),
    collaborators: {},
    teams: ax.state.team(team) ? { [ax.state.team(team)!.slug]: 'admin' } : {},
    protection: {},
    hooks: [],
    labels: [],
    nextIssueNumber: 1,
  };
  // A half-written folder from an interrupted start is replaced.
  const dir = ax.repoDir(record);
  fs.rmSync(dir, { recursive: true, force: true });
  const git = PackedRepo.init(dir, record.default_branch);

  const runs: { step: Step; sha: string; actor: UserRecord }[] = [];
  let main: string | undefined;
  let branchHead: string | undefined;
  HISTORY.forEach((step, index) => {
    const actor = people[index % people.length];
    const who: Signature = {
      name: actor.name,
      email: actor.email,
      date: at(step),
    };
    const tree = git.writeTree(demoRepoFiles(component, step.revision));
    const parent = step.branch ? branchHead ?? main : main;
    const sha = git.writeCommit(
      tree,
      parent ? [parent] : [],
      step.message,
      who,
    );
    if (step.branch) branchHead = sha;
    else main = sha;
    runs.push({ step, sha, actor });
  });
  git.writePack();
  git.setRef(`refs/heads/${record.default_branch}`, main!);
  data.repos.push(record);

  const ciText = demoRepoFiles(component, HISTORY[HISTORY.length - 1].revision)[
    CI_WORKFLOW
  ].toString();
  const workflow = workflowFileOf(ax, record, CI_WORKFLOW, ciText, false);
  for (const { step, sha, actor } of runs)
    addRun(ax, record, workflow, {
      head_branch: step.branch ?? record.default_branch,
      head_sha: sha,
      event: step.branch ? 'pull_request' : 'push',
      actor,
      conclusion: step.conclusion,
      title: step.message,
      at: new Date(at(step).getTime() + 60_000),
    });
  return fullName(record);
}

/** The owning team's people (the org's when the team has none), in a stable order. */
function authorsOf(ax: ActionsContext, team: string): UserRecord[] {
  const members = Object.keys(ax.state.team(team)?.members ?? {})
    .map(login => ax.state.user(login))
    .filter((u): u is UserRecord => Boolean(u));
  if (members.length) return members;
  const people = ax.state.data.users.filter(
    u => u.type === 'User' && ax.state.data.members[u.login] === 'member',
  );
  return people.length ? people : ax.state.data.users.slice(0, 1);
}
