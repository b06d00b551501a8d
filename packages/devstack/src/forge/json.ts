/** GitHub-shaped JSON for the forge's records (the description's required fields come from conform). */
import {
  ForgeState,
  PullRecord,
  RepoRecord,
  TeamRecord,
  UserRecord,
  fullName,
} from './state';
import { ForgeUrls } from './urls';

export interface JsonContext {
  state: ForgeState;
  urls: ForgeUrls;
}

export function userJson({ urls }: JsonContext, user: UserRecord) {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: `${urls.base}/avatars/${user.login}`,
    gravatar_id: '',
    url: `${urls.api}/users/${user.login}`,
    html_url: urls.html(user.login),
    followers_url: `${urls.api}/users/${user.login}/followers`,
    following_url: `${urls.api}/users/${user.login}/following{/other_user}`,
    gists_url: `${urls.api}/users/${user.login}/gists{/gist_id}`,
    starred_url: `${urls.api}/users/${user.login}/starred{/owner}{/repo}`,
    subscriptions_url: `${urls.api}/users/${user.login}/subscriptions`,
    organizations_url: `${urls.api}/users/${user.login}/orgs`,
    repos_url: `${urls.api}/users/${user.login}/repos`,
    events_url: `${urls.api}/users/${user.login}/events{/privacy}`,
    received_events_url: `${urls.api}/users/${user.login}/received_events`,
    type: user.type,
    site_admin: user.site_admin,
    name: user.name,
    email: user.email,
  };
}

export function orgOwnerJson({ state, urls }: JsonContext) {
  const org = state.data.org;
  return {
    ...userJson(
      { state, urls },
      {
        id: org.id,
        login: org.login,
        name: org.name,
        email: '',
        type: 'User',
        site_admin: false,
      },
    ),
    type: 'Organization',
    // An organisation has no e-mail of its own; GitHub answers null.
    email: null,
  };
}

export function ownerJson(ctx: JsonContext, owner: string) {
  if (owner.toLowerCase() === ctx.state.data.org.login.toLowerCase())
    return orgOwnerJson(ctx);
  const user = ctx.state.user(owner);
  return user ? userJson(ctx, user) : undefined;
}

export function orgJson(ctx: JsonContext) {
  const { org } = ctx.state.data;
  return {
    login: org.login,
    id: org.id,
    node_id: `O_${org.id}`,
    url: `${ctx.urls.api}/orgs/${org.login}`,
    repos_url: `${ctx.urls.api}/orgs/${org.login}/repos`,
    events_url: `${ctx.urls.api}/orgs/${org.login}/events`,
    hooks_url: `${ctx.urls.api}/orgs/${org.login}/hooks`,
    issues_url: `${ctx.urls.api}/orgs/${org.login}/issues`,
    members_url: `${ctx.urls.api}/orgs/${org.login}/members{/member}`,
    public_members_url: `${ctx.urls.api}/orgs/${org.login}/public_members{/member}`,
    avatar_url: `${ctx.urls.base}/avatars/${org.login}`,
    description: `${org.name} (devstack)`,
    name: org.name,
    html_url: ctx.urls.html(org.login),
    type: 'Organization',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
  };
}

export function repoJson(ctx: JsonContext, repo: RepoRecord, viewer?: string) {
  const { urls } = ctx;
  const api = urls.repoApi(repo.owner, repo.name);
  const permission = viewer ? permissionOf(ctx, repo, viewer) : undefined;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName(repo),
    owner: ownerJson(ctx, repo.owner),
    private: repo.private,
    visibility: repo.visibility,
    html_url: urls.html(repo.owner, repo.name),
    description: repo.description,
    fork: false,
    url: api,
    clone_url: urls.clone(repo.owner, repo.name),
    git_url: urls.clone(repo.owner, repo.name),
    ssh_url: urls.clone(repo.owner, repo.name),
    svn_url: urls.html(repo.owner, repo.name),
    homepage: repo.homepage,
    archive_url: `${api}/{archive_format}{/ref}`,
    pulls_url: `${api}/pulls{/number}`,
    hooks_url: `${api}/hooks`,
    contents_url: `${api}/contents/{+path}`,
    default_branch: repo.default_branch,
    topics: repo.topics,
    has_issues: repo.has_issues,
    has_wiki: repo.has_wiki,
    has_projects: repo.has_projects,
    has_downloads: true,
    has_pages: false,
    archived: repo.archived,
    disabled: false,
    allow_merge_commit: repo.allow_merge_commit,
    allow_squash_merge: repo.allow_squash_merge,
    allow_rebase_merge: repo.allow_rebase_merge,
    delete_branch_on_merge: repo.delete_branch_on_merge,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    pushed_at: repo.pushed_at,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    forks_count: 0,
    forks: 0,
    open_issues_count: ctx.state.data.pulls.filter(
      p => p.repo === fullName(repo) && p.state === 'open',
    ).length,
    open_issues: 0,
    network_count: 0,
    subscribers_count: 0,
    language: null,
    mirror_url: null,
    license: null,
    is_template: false,
    ...(permission
      ? {
          permissions: {
            admin: permission === 'admin',
            maintain: ['admin', 'maintain'].includes(permission),
            push: ['admin', 'maintain', 'push'].includes(permission),
            triage: permission !== 'pull',
            pull: true,
          },
        }
      : {}),
    ...(repo.owner === ctx.state.data.org.login
      ? { organization: orgOwnerJson(ctx) }
      : {}),
  };
}

/** A person's effective permission on a repo: owner, org admin, collaborator or team member. */
export function permissionOf(
  ctx: JsonContext,
  repo: RepoRecord,
  login: string,
) {
  const lower = login.toLowerCase();
  if (repo.owner.toLowerCase() === lower) return 'admin';
  if (
    repo.owner === ctx.state.data.org.login &&
    ctx.state.data.members[login] === 'admin'
  )
    return 'admin';
  const direct = Object.entries(repo.collaborators).find(
    ([l]) => l.toLowerCase() === lower,
  )?.[1];
  if (direct) return direct;
  for (const [slug, perm] of Object.entries(repo.teams)) {
    if (ctx.state.team(slug)?.members[login]) return perm;
  }
  if (
    !repo.private &&
    repo.owner === ctx.state.data.org.login &&
    ctx.state.data.members[login]
  )
    return 'pull';
  return undefined;
}

export function teamJson(
  ctx: JsonContext,
  team: TeamRecord,
): Record<string, unknown> {
  const org = ctx.state.data.org.login;
  const parent = team.parent ? ctx.state.team(team.parent) : undefined;
  return {
    id: team.id,
    node_id: `T_${team.id}`,
    url: `${ctx.urls.api}/orgs/${org}/teams/${team.slug}`,
    html_url: `${ctx.urls.base}/orgs/${org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${ctx.urls.api}/orgs/${org}/teams/${team.slug}/members{/member}`,
    repositories_url: `${ctx.urls.api}/orgs/${org}/teams/${team.slug}/repos`,
    parent: parent ? teamJson(ctx, parent) : null,
    members_count: Object.keys(team.members).length,
    repos_count: ctx.state.data.repos.filter(r => r.teams[team.slug]).length,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
    organization: orgJson(ctx),
  };
}

export function branchRef(
  ctx: JsonContext,
  repo: RepoRecord,
  branch: string,
  sha: string | null,
) {
  const user = ctx.state.user(repo.owner);
  return {
    label: `${repo.owner}:${branch}`,
    ref: branch,
    sha: sha ?? '',
    user: user ? userJson(ctx, user) : orgOwnerJson(ctx),
    repo: repoJson(ctx, repo),
  };
}

export function pullJson(
  ctx: JsonContext,
  repo: RepoRecord,
  pull: PullRecord,
  shas: { head: string | null; base: string | null },
) {
  const api = ctx.urls.repoApi(repo.owner, repo.name);
  const author = ctx.state.user(pull.user);
  return {
    id: pull.id,
    node_id: `PR_${pull.id}`,
    number: pull.number,
    url: `${api}/pulls/${pull.number}`,
    html_url: `${ctx.urls.html(repo.owner, repo.name)}/pull/${pull.number}`,
    diff_url: `${ctx.urls.html(repo.owner, repo.name)}/pull/${
      pull.number
    }.diff`,
    patch_url: `${ctx.urls.html(repo.owner, repo.name)}/pull/${
      pull.number
    }.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${shas.head}`,
    state: pull.state,
    locked: false,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    user: author ? userJson(ctx, author) : null,
    labels: pull.labels.map(name => labelJson(ctx, repo, name)),
    assignees: pull.assignees.flatMap(l =>
      ctx.state.user(l) ? [userJson(ctx, ctx.state.user(l)!)] : [],
    ),
    requested_reviewers: pull.requested_reviewers.flatMap(l =>
      ctx.state.user(l) ? [userJson(ctx, ctx.state.user(l)!)] : [],
    ),
    requested_teams: [],
    head: branchRef(ctx, repo, pull.head, shas.head),
    base: branchRef(ctx, repo, pull.base, shas.base),
    merged: pull.merged,
    mergeable: pull.state === 'open' ? true : null,
    merge_commit_sha: pull.merge_commit_sha,
    merged_at: pull.merged_at,
    merged_by:
      pull.merged_by && ctx.state.user(pull.merged_by)
        ? userJson(ctx, ctx.state.user(pull.merged_by)!)
        : null,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    author_association: 'MEMBER',
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: {
        href: `${ctx.urls.html(repo.owner, repo.name)}/pull/${pull.number}`,
      },
      issue: { href: `${api}/issues/${pull.number}` },
      comments: { href: `${api}/issues/${pull.number}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${shas.head}` },
    },
  };
}

export function labelJson(ctx: JsonContext, repo: RepoRecord, name: string) {
  const label = repo.labels.find(l => l.name === name);
  return {
    id: label?.id ?? 0,
    node_id: `LA_${label?.id ?? 0}`,
    url: `${ctx.urls.repoApi(
      repo.owner,
      repo.name,
    )}/labels/${encodeURIComponent(name)}`,
    name,
    // pull-request-simple's labels declare description a string (the label schema allows null).
    description: label?.description ?? '',
    color: label?.color ?? 'ededed',
    default: false,
  };
}
