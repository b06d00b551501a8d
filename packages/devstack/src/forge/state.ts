/**
 * Everything the forge knows besides git objects: repositories' settings, pull requests,
 * comments, statuses, webhooks, people and teams. Saved as JSON in the data directory after
 * every change, so a restarted devstack keeps what the golden paths made.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Permission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';

export interface UserRecord {
  id: number;
  login: string;
  name: string;
  email: string;
  type: 'User' | 'Bot';
  site_admin: boolean;
}

export interface TeamRecord {
  id: number;
  slug: string;
  name: string;
  description: string;
  privacy: 'closed' | 'secret';
  parent?: string;
  members: Record<string, 'member' | 'maintainer'>;
}

export interface HookRecord {
  id: number;
  url: string;
  secret?: string;
  events: string[];
  active: boolean;
  content_type: 'json' | 'form';
  created_at: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  description: string | null;
  homepage: string | null;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  default_branch: string;
  topics: string[];
  has_issues: boolean;
  has_wiki: boolean;
  has_projects: boolean;
  allow_merge_commit: boolean;
  allow_squash_merge: boolean;
  allow_rebase_merge: boolean;
  delete_branch_on_merge: boolean;
  archived: boolean;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  collaborators: Record<string, Permission>;
  teams: Record<string, Permission>;
  protection: Record<string, unknown>;
  hooks: HookRecord[];
  labels: {
    id: number;
    name: string;
    color: string;
    description: string | null;
  }[];
  nextIssueNumber: number;
}

export interface PullRecord {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  user: string;
  head: string;
  base: string;
  labels: string[];
  assignees: string[];
  requested_reviewers: string[];
  merged: boolean;
  merge_commit_sha: string | null;
  merged_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
}

export interface CommentRecord {
  id: number;
  repo: string;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface StatusRecord {
  id: number;
  repo: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
  updated_at: string;
}

export interface InvitationRecord {
  id: number;
  org: string;
  login: string | null;
  email: string | null;
  role: string;
  inviter: string;
  created_at: string;
  team_ids: number[];
}

/** A workflow file seen on a default branch, with the id GitHub would have given it. */
export interface WorkflowRecord {
  id: number;
  repo: string;
  path: string;
  name: string;
  created_at: string;
}

export interface WorkflowJobRecord {
  id: number;
  name: string;
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
  started_at: string;
  completed_at: string;
  steps: string[];
}

export interface WorkflowRunRecord {
  id: number;
  repo: string;
  workflow_id: number;
  run_number: number;
  run_attempt: number;
  name: string;
  display_title: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  actor: string;
  created_at: string;
  updated_at: string;
  run_started_at: string;
  jobs: WorkflowJobRecord[];
}

export interface ForgeData {
  nextId: number;
  org: { id: number; login: string; name: string; hooks: HookRecord[] };
  users: UserRecord[];
  members: Record<string, 'admin' | 'member'>;
  invitations: InvitationRecord[];
  teams: TeamRecord[];
  repos: RepoRecord[];
  pulls: PullRecord[];
  comments: CommentRecord[];
  statuses: StatusRecord[];
  workflows: WorkflowRecord[];
  workflowRuns: WorkflowRunRecord[];
  /** OAuth tokens the web flow gave out: token → login. */
  oauthTokens: Record<string, string>;
  /** Whether the repositories the forge started with got their past Actions runs. */
  runsSeeded: boolean;
  /** The demo Components' repositories made so far (`owner/name`, lower case): each is made once. */
  demoReposSeeded: string[];
}

/** What a state file written before a field existed lacks. */
const ADDED_LATER: Partial<ForgeData> = {
  workflows: [],
  workflowRuns: [],
  oauthTokens: {},
  runsSeeded: false,
  demoReposSeeded: [],
};

export const fullName = (repo: RepoRecord) => `${repo.owner}/${repo.name}`;

export class ForgeState {
  private constructor(
    private readonly file: string,
    readonly data: ForgeData,
  ) {}

  static load(dataDir: string, seed: () => ForgeData): ForgeState {
    const file = path.join(dataDir, 'forge.json');
    if (fs.existsSync(file)) {
      return new ForgeState(file, {
        ...structuredClone(ADDED_LATER),
        ...JSON.parse(fs.readFileSync(file, 'utf8')),
      });
    }
    const state = new ForgeState(file, seed());
    state.save();
    return state;
  }

  save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Written aside, then renamed over: an interrupted save leaves the old state whole.
    const partial = `${this.file}.${process.pid}.partial`;
    fs.writeFileSync(partial, JSON.stringify(this.data, null, 1));
    fs.renameSync(partial, this.file);
  }

  newId(): number {
    return this.data.nextId++;
  }

  user(login: string): UserRecord | undefined {
    const lower = login.toLowerCase();
    return this.data.users.find(u => u.login.toLowerCase() === lower);
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    const o = owner.toLowerCase();
    const n = name.toLowerCase();
    return this.data.repos.find(
      r => r.owner.toLowerCase() === o && r.name.toLowerCase() === n,
    );
  }

  team(slug: string): TeamRecord | undefined {
    return this.data.teams.find(t => t.slug === slug.toLowerCase());
  }

  pull(repo: RepoRecord, number: number): PullRecord | undefined {
    return this.data.pulls.find(
      p => p.repo === fullName(repo) && p.number === number,
    );
  }
}

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
