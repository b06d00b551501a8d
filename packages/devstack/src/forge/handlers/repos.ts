/**
 * Repositories: create, read, update (rename, archive), delete, topics, collaborators, team access,
 * branches, protection, hooks.
 */
import fs from 'node:fs';
import { repoJson, userJson } from '../json';
import { ForgeState, Permission, RepoRecord, fullName, now } from '../state';
import {
  ForgeContext,
  GitHubError,
  Handler,
  Reply,
  body,
  notFound,
  paging,
  param,
  query,
  repoOf,
  requirePermission,
} from './types';

const REPO_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

async function createRepo(fx: ForgeContext, owner: string, input: any) {
  const name = String(input.name ?? '');
  if (!REPO_NAME.test(name)) {
    throw new GitHubError(422, 'Repository creation failed.', [
      {
        resource: 'Repository',
        field: 'name',
        code: 'custom',
        message: 'name is not a valid repository name',
      },
    ]);
  }
  if (fx.state.repo(owner, name)) {
    throw new GitHubError(422, 'Repository creation failed.', [
      {
        resource: 'Repository',
        field: 'name',
        code: 'custom',
        message: 'name already exists on this account',
      },
    ]);
  }
  const visibility = input.visibility ?? (input.private ? 'private' : 'public');
  const record: RepoRecord = {
    id: fx.state.newId(),
    owner,
    name,
    description: input.description ?? null,
    homepage: input.homepage ?? null,
    private: visibility !== 'public',
    visibility,
    default_branch: 'main',
    topics: [],
    has_issues: input.has_issues ?? true,
    has_wiki: input.has_wiki ?? true,
    has_projects: input.has_projects ?? true,
    allow_merge_commit: input.allow_merge_commit ?? true,
    allow_squash_merge: input.allow_squash_merge ?? true,
    allow_rebase_merge: input.allow_rebase_merge ?? true,
    delete_branch_on_merge: input.delete_branch_on_merge ?? false,
    archived: false,
    created_at: now(),
    updated_at: now(),
    pushed_at: now(),
    collaborators: {},
    teams: {},
    protection: {},
    hooks: [],
    labels: [],
    nextIssueNumber: 1,
  };
  const git = await fx.createRepo(record);
  // As GitHub does: a first commit with a README, so the default branch exists at once.
  if (input.auto_init) {
    const readme = `# ${name}\n${
      record.description ? `\n${record.description}\n` : ''
    }`;
    const tree = await git.buildTree(undefined, [
      {
        path: 'README.md',
        mode: '100644',
        sha: await git.writeBlob(Buffer.from(readme)),
      },
    ]);
    const sha = await git.commitTree(tree, [], 'Initial commit', {
      name: fx.viewer.name ?? fx.viewer.login,
      email: fx.viewer.email ?? `${fx.viewer.login}@users.noreply.github.com`,
    });
    await git.updateRef(`refs/heads/${record.default_branch}`, sha);
  }
  fx.state.data.repos.push(record);
  fx.state.save();
  return { status: 201, body: repoJson(fx, record, fx.viewer.login) };
}

const PERMISSIONS: Permission[] = [
  'pull',
  'triage',
  'push',
  'maintain',
  'admin',
];

export const repoHandlers: Record<string, Handler> = followingRenames({
  'repos/create-in-org': async (c, fx) => {
    const org = param(c, 'org');
    if (org.toLowerCase() !== fx.state.data.org.login.toLowerCase())
      throw notFound();
    if (!fx.state.data.members[fx.viewer.login])
      throw new GitHubError(
        403,
        'You need admin access to the organization before adding a repository to it.',
      );
    return createRepo(fx, fx.state.data.org.login, body(c));
  },

  'repos/create-for-authenticated-user': async (c, fx) =>
    createRepo(fx, fx.viewer.login, body(c)),

  'repos/get': async (c, fx) => {
    const repo = repoOf(c, fx);
    return { status: 200, body: repoJson(fx, repo, fx.viewer.login) };
  },

  'repos/update': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'admin');
    const input = body(c);
    for (const key of [
      'description',
      'homepage',
      'has_issues',
      'has_wiki',
      'has_projects',
      'allow_merge_commit',
      'allow_squash_merge',
      'allow_rebase_merge',
      'delete_branch_on_merge',
      'archived',
    ] as const) {
      if (key in input) (repo as any)[key] = input[key];
    }
    if ('private' in input) repo.private = input.private;
    if ('visibility' in input) {
      repo.visibility = input.visibility;
      repo.private = input.visibility !== 'public';
    }
    if (input.default_branch) {
      if (!(await fx.git(repo).resolve(`refs/heads/${input.default_branch}`))) {
        throw new GitHubError(422, 'Validation Failed', [
          { resource: 'Repository', field: 'default_branch', code: 'invalid' },
        ]);
      }
      repo.default_branch = input.default_branch;
    }
    if (typeof input.name === 'string' && input.name !== repo.name)
      await renameRepo(fx, repo, input.name);
    repo.updated_at = now();
    fx.state.save();
    return { status: 200, body: repoJson(fx, repo, fx.viewer.login) };
  },

  'repos/delete': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'admin');
    fx.state.data.repos = fx.state.data.repos.filter(r => r !== repo);
    fx.state.save();
    fs.rmSync(fx.git(repo).dir, { recursive: true, force: true });
    return { status: 204 };
  },

  'repos/list-for-org': async (c, fx) => {
    if (param(c, 'org').toLowerCase() !== fx.state.data.org.login.toLowerCase())
      throw notFound();
    const repos = fx.state.data.repos.filter(
      r => r.owner === fx.state.data.org.login,
    );
    return {
      status: 200,
      body: repos.map(r => repoJson(fx, r, fx.viewer.login)),
    };
  },

  'repos/replace-all-topics': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const names: string[] = body(c).names ?? [];
    const invalid = names.filter(n => !/^[a-z0-9][a-z0-9-]{0,49}$/.test(n));
    if (invalid.length) {
      throw new GitHubError(422, 'Validation Failed', [
        {
          resource: 'Repository',
          field: 'topics',
          code: 'invalid',
          message: `${invalid.join(', ')} is not a valid topic`,
        },
      ]);
    }
    repo.topics = names;
    fx.state.save();
    return { status: 200, body: { names } };
  },

  'repos/get-all-topics': async (c, fx) => ({
    status: 200,
    body: { names: repoOf(c, fx).topics },
  }),

  'repos/add-collaborator': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'admin');
    const user = fx.state.user(param(c, 'username'));
    if (!user) throw notFound();
    const permission = (body(c).permission ?? 'push') as Permission;
    const existed = user.login in repo.collaborators;
    repo.collaborators[user.login] = PERMISSIONS.includes(permission)
      ? permission
      : 'push';
    fx.state.save();
    // GitHub answers 204 for an existing collaborator and 201 with an invitation otherwise.
    if (existed) return { status: 204 };
    return {
      status: 201,
      body: {
        id: fx.state.newId(),
        node_id: 'RI_devstack',
        repository: repoJson(fx, repo),
        invitee: userJson(fx, user),
        inviter: userJson(fx, fx.viewer),
        permissions: repo.collaborators[user.login],
        created_at: now(),
        expired: false,
        url: `${fx.urls.repoApi(repo.owner, repo.name)}/invitations`,
        html_url: fx.urls.html(repo.owner, repo.name),
      },
    };
  },

  'repos/list-collaborators': async (c, fx) => {
    const repo = repoOf(c, fx);
    const logins = new Set([...Object.keys(repo.collaborators)]);
    const collaborators = [...logins].flatMap(l => {
      const u = fx.state.user(l);
      return u
        ? [{ ...userJson(fx, u), role_name: repo.collaborators[l] }]
        : [];
    });
    return { status: 200, body: collaborators };
  },

  'teams/add-or-update-repo-permissions-in-org': async (c, fx) => {
    const team = fx.state.team(param(c, 'team_slug'));
    const repo = fx.state.repo(param(c, 'owner'), param(c, 'repo'));
    if (!team || !repo) throw notFound();
    requirePermission(fx, repo, 'admin');
    const permission = (body(c).permission ?? 'push') as Permission;
    repo.teams[team.slug] = PERMISSIONS.includes(permission)
      ? permission
      : 'push';
    fx.state.save();
    return { status: 204 };
  },

  'repos/list-branches': async (c, fx) => {
    const repo = repoOf(c, fx);
    const refs = await fx.git(repo).refs('refs/heads/');
    return {
      status: 200,
      // Paged like GitHub: clients read pages until an empty one.
      body: paging(c)(refs).map(r => {
        const name = r.ref.replace('refs/heads/', '');
        return {
          name,
          commit: {
            sha: r.sha,
            url: `${fx.urls.repoApi(repo.owner, repo.name)}/commits/${r.sha}`,
          },
          protected: name in repo.protection,
        };
      }),
    };
  },

  'repos/get-branch': async (c, fx) => {
    const repo = repoOf(c, fx);
    const branch = param(c, 'branch');
    const sha = await fx.git(repo).resolve(`refs/heads/${branch}`);
    if (!sha) throw new GitHubError(404, 'Branch not found');
    const commit = await fx.git(repo).commit(sha);
    const api = fx.urls.repoApi(repo.owner, repo.name);
    return {
      status: 200,
      body: {
        name: branch,
        commit: {
          sha,
          node_id: `C_${sha}`,
          url: `${fx.urls.repoApi(repo.owner, repo.name)}/commits/${sha}`,
          html_url: `${fx.urls.html(repo.owner, repo.name)}/commit/${sha}`,
          comments_url: `${api}/commits/${sha}/comments`,
          commit: {
            message: commit?.message,
            tree: {
              sha: commit?.tree,
              url: `${api}/git/trees/${commit?.tree}`,
            },
            url: `${api}/git/commits/${sha}`,
            comment_count: 0,
          },
          parents: [],
        },
        _links: {
          self: `${fx.urls.repoApi(repo.owner, repo.name)}/branches/${branch}`,
          html: `${fx.urls.html(repo.owner, repo.name)}/tree/${branch}`,
        },
        protected: branch in repo.protection,
        protection: { enabled: branch in repo.protection },
        protection_url: `${fx.urls.repoApi(
          repo.owner,
          repo.name,
        )}/branches/${branch}/protection`,
      },
    };
  },

  'repos/update-branch-protection': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'admin');
    const branch = param(c, 'branch');
    if (!(await fx.git(repo).resolve(`refs/heads/${branch}`)))
      throw new GitHubError(404, 'Branch not found');
    repo.protection[branch] = body(c);
    fx.state.save();
    return { status: 200, body: protectionJson(fx, repo, branch) };
  },

  'repos/get-branch-protection': async (c, fx) => {
    const repo = repoOf(c, fx);
    const branch = param(c, 'branch');
    if (!repo.protection[branch])
      throw new GitHubError(404, 'Branch not protected');
    return { status: 200, body: protectionJson(fx, repo, branch) };
  },

  'repos/create-webhook': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'admin');
    const hook = fx.webhooks.hookFromInput(body(c));
    repo.hooks.push(hook);
    fx.state.save();
    return {
      status: 201,
      body: fx.webhooks.hookJson(hook, fx.urls.repoApi(repo.owner, repo.name)),
    };
  },

  'repos/list-webhooks': async (c, fx) => {
    const repo = repoOf(c, fx);
    return {
      status: 200,
      body: repo.hooks.map(h =>
        fx.webhooks.hookJson(h, fx.urls.repoApi(repo.owner, repo.name)),
      ),
    };
  },

  'orgs/create-webhook': async (c, fx) => {
    if (param(c, 'org').toLowerCase() !== fx.state.data.org.login.toLowerCase())
      throw notFound();
    if (fx.state.data.members[fx.viewer.login] !== 'admin')
      throw new GitHubError(403, 'Must have admin rights to the organization.');
    const hook = fx.webhooks.hookFromInput(body(c));
    fx.state.data.org.hooks.push(hook);
    fx.state.save();
    return {
      status: 201,
      body: fx.webhooks.hookJson(
        hook,
        `${fx.urls.api}/orgs/${fx.state.data.org.login}`,
      ),
    };
  },

  'activity/set-repo-subscription': async (c, fx) => {
    const repo = repoOf(c, fx);
    const input = body(c);
    return {
      status: 200,
      body: {
        subscribed: !!input.subscribed,
        ignored: !!input.ignored,
        reason: null,
        created_at: now(),
        url: `${fx.urls.repoApi(repo.owner, repo.name)}/subscription`,
        repository_url: fx.urls.repoApi(repo.owner, repo.name),
      },
    };
  },

  'repos/list-for-authenticated-user': async (c, fx) => {
    const repos = fx.state.data.repos.filter(
      r => r.owner === fx.viewer.login || r.collaborators[fx.viewer.login],
    );
    return {
      status: 200,
      body: repos
        .slice(0, Number(query(c, 'per_page') ?? 30))
        .map(r => repoJson(fx, r, fx.viewer.login)),
    };
  },
});

/** A repository keeps the names it had, so requests for them can be redirected (GitHub does). */
type RenamedRepoRecord = RepoRecord & { former_names?: string[] };

async function renameRepo(fx: ForgeContext, repo: RepoRecord, name: string) {
  if (!REPO_NAME.test(name)) {
    throw new GitHubError(422, 'Validation Failed', [
      {
        resource: 'Repository',
        field: 'name',
        code: 'invalid',
        message: 'name is not a valid repository name',
      },
    ]);
  }
  const taken = fx.state.repo(repo.owner, name);
  if (taken && taken !== repo) {
    throw new GitHubError(422, 'Validation Failed', [
      {
        resource: 'Repository',
        field: 'name',
        code: 'custom',
        message: 'name already exists on this account',
      },
    ]);
  }
  const before = fullName(repo);
  const oldDir = fx.git(repo).dir;
  const renamed = repo as RenamedRepoRecord;
  renamed.former_names = [
    ...(renamed.former_names ?? []).filter(
      n => n.toLowerCase() !== name.toLowerCase(),
    ),
    ...(repo.name.toLowerCase() === name.toLowerCase() ? [] : [repo.name]),
  ];
  repo.name = name;
  const newDir = fx.git(repo).dir;
  if (newDir !== oldDir) fs.renameSync(oldDir, newDir);
  // Pull requests, comments, statuses and workflow runs name their repository by full name.
  for (const records of Object.values(fx.state.data)) {
    if (!Array.isArray(records)) continue;
    for (const record of records as { repo?: unknown }[]) {
      if (record?.repo === before) record.repo = fullName(repo);
    }
  }
}

/** The repository that was called `owner/name` before a rename, unless a repository has that name now. */
export function renamedFrom(
  state: ForgeState,
  owner: string,
  name: string,
): RepoRecord | undefined {
  if (state.repo(owner, name)) return undefined;
  const o = owner.toLowerCase();
  const n = name.toLowerCase();
  return state.data.repos.find(
    r =>
      r.owner.toLowerCase() === o &&
      (r as RenamedRepoRecord).former_names?.some(f => f.toLowerCase() === n),
  );
}

/** What may still be done to an archived repository: unarchive it (or change settings), delete it. */
const UNARCHIVED_BY = new Set(['repos/update', 'repos/delete']);

/**
 * `handlers`, answering a request for a repository's former name with a redirect to where it is
 * now, as GitHub does (301 for reads, 307 for the rest so the method and body are sent again;
 * GitHub's Location names `/repositories/<id>`, which the devstack does not route, so it names the
 * new path), and refusing writes to an archived repository, which GitHub keeps read-only.
 */
export function followingRenames(
  handlers: Record<string, Handler>,
): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([operationId, handler]) => [
      operationId,
      async (c, fx): Promise<Reply> => {
        const params = c.request.params as Record<string, string>;
        if (params.owner && params.repo) {
          const moved = renamedFrom(fx.state, params.owner, params.repo);
          if (moved) return redirect(c.request, fx, params, moved);
          const repo = fx.state.repo(params.owner, params.repo);
          const method = c.request.method.toLowerCase();
          if (
            repo?.archived &&
            method !== 'get' &&
            !UNARCHIVED_BY.has(operationId)
          )
            throw new GitHubError(
              403,
              'Repository was archived so is read-only.',
            );
        }
        return handler(c, fx);
      },
    ]),
  );
}

function redirect(
  request: { method: string; path: string; query: unknown },
  fx: ForgeContext,
  params: Record<string, string>,
  repo: RepoRecord,
): Reply {
  const prefix = `/repos/${params.owner}/${params.repo}`;
  const rest = request.path.slice(
    request.path.toLowerCase().startsWith(prefix.toLowerCase())
      ? prefix.length
      : request.path.length,
  );
  const search = new URLSearchParams(
    Object.entries((request.query ?? {}) as Record<string, unknown>).flatMap(
      ([k, v]) => (Array.isArray(v) ? v : [v]).map(x => [k, String(x)]),
    ),
  ).toString();
  const location = `${fx.urls.repoApi(repo.owner, repo.name)}${rest}${
    search ? `?${search}` : ''
  }`;
  const read = ['get', 'head'].includes(request.method.toLowerCase());
  return {
    status: read ? 301 : 307,
    headers: { location },
    body: {
      message: read ? 'Moved Permanently' : 'Temporary Redirect',
      url: location,
      documentation_url:
        'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects',
    },
  };
}

/** A branch's protection as GitHub describes it, from the settings last PUT for that branch. */
function protectionJson(fx: ForgeContext, repo: RepoRecord, branch: string) {
  const input = repo.protection[branch] as any;
  const url = `${fx.urls.repoApi(
    repo.owner,
    repo.name,
  )}/branches/${branch}/protection`;
  const checks = input.required_status_checks;
  const reviews = input.required_pull_request_reviews;
  return {
    url,
    required_status_checks: checks
      ? {
          url: `${url}/required_status_checks`,
          strict: !!checks.strict,
          contexts: checks.contexts ?? [],
          contexts_url: `${url}/required_status_checks/contexts`,
          checks: [],
        }
      : undefined,
    enforce_admins: {
      url: `${url}/enforce_admins`,
      enabled: !!input.enforce_admins,
    },
    required_pull_request_reviews: reviews
      ? {
          url: `${url}/required_pull_request_reviews`,
          dismiss_stale_reviews: !!reviews.dismiss_stale_reviews,
          require_code_owner_reviews: !!reviews.require_code_owner_reviews,
          required_approving_review_count:
            reviews.required_approving_review_count ?? 1,
        }
      : undefined,
    required_linear_history: { enabled: !!input.required_linear_history },
    allow_force_pushes: { enabled: !!input.allow_force_pushes },
    allow_deletions: { enabled: !!input.allow_deletions },
  };
}
