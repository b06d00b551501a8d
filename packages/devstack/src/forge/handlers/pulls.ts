/** Pull requests, and the issue-side features they share: comments, labels, assignees. */
import { labelJson, pullJson, userJson } from '../json';
import { PullRecord, RepoRecord, fullName, now } from '../state';
import {
  ForgeContext,
  GitHubError,
  Handler,
  body,
  notFound,
  param,
  query,
  repoOf,
  requirePermission,
} from './types';

async function shasOf(fx: ForgeContext, repo: RepoRecord, pull: PullRecord) {
  const git = fx.git(repo);
  return {
    head: (await git.resolve(`refs/heads/${pull.head}`)) ?? null,
    base: (await git.resolve(`refs/heads/${pull.base}`)) ?? null,
  };
}

async function render(fx: ForgeContext, repo: RepoRecord, pull: PullRecord) {
  return pullJson(fx, repo, pull, await shasOf(fx, repo, pull));
}

function pullOf(
  c: Parameters<Handler>[0],
  fx: ForgeContext,
  repo: RepoRecord,
  name = 'pull_number',
) {
  const pull = fx.state.pull(repo, Number(param(c, name)));
  if (!pull) throw notFound();
  return pull;
}

/** `owner:branch` or `branch`, as GitHub accepts for head. */
function branchName(head: string) {
  return head.includes(':') ? head.split(':')[1] : head;
}

function invalid(field: string, message?: string) {
  return new GitHubError(422, 'Validation Failed', [
    {
      resource: 'PullRequest',
      field,
      code: message ? 'custom' : 'invalid',
      ...(message ? { message } : {}),
    },
  ]);
}

export const pullHandlers: Record<string, Handler> = {
  'pulls/create': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const input = body(c);
    const head = branchName(input.head);
    const base = input.base;
    const git = fx.git(repo);
    const headSha = await git.resolve(`refs/heads/${head}`);
    const baseSha = await git.resolve(`refs/heads/${base}`);
    if (!headSha) throw invalid('head');
    if (!baseSha) throw invalid('base');
    const open = fx.state.data.pulls.find(
      p =>
        p.repo === fullName(repo) &&
        p.state === 'open' &&
        p.head === head &&
        p.base === base,
    );
    if (open)
      throw invalid(
        'head',
        `A pull request already exists for ${repo.owner}:${head}.`,
      );
    if (await git.isAncestor(headSha, baseSha))
      throw invalid('head', `No commits between ${base} and ${head}`);
    const pull: PullRecord = {
      id: fx.state.newId(),
      repo: fullName(repo),
      number: repo.nextIssueNumber++,
      title: input.title ?? head,
      body: input.body ?? null,
      state: 'open',
      draft: !!input.draft,
      user: fx.viewer.login,
      head,
      base,
      labels: [],
      assignees: [],
      requested_reviewers: [],
      merged: false,
      merge_commit_sha: null,
      merged_by: null,
      created_at: now(),
      updated_at: now(),
      closed_at: null,
      merged_at: null,
    };
    fx.state.data.pulls.push(pull);
    fx.state.save();
    const json = await render(fx, repo, pull);
    await fx.webhooks.pullRequest(repo, 'opened', json, fx.viewer);
    return { status: 201, body: json };
  },

  'pulls/list': async (c, fx) => {
    const repo = repoOf(c, fx);
    const state = query(c, 'state') ?? 'open';
    const head = query(c, 'head');
    const base = query(c, 'base');
    const pulls = fx.state.data.pulls
      .filter(p => p.repo === fullName(repo))
      .filter(p => state === 'all' || p.state === state)
      .filter(p => !head || p.head === branchName(head))
      .filter(p => !base || p.base === base)
      .sort((a, b) => b.number - a.number);
    const out = [];
    for (const p of pulls) out.push(await render(fx, repo, p));
    return { status: 200, body: out };
  },

  'pulls/get': async (c, fx) => {
    const repo = repoOf(c, fx);
    return { status: 200, body: await render(fx, repo, pullOf(c, fx, repo)) };
  },

  'pulls/update': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const pull = pullOf(c, fx, repo);
    const input = body(c);
    if (input.title !== undefined) pull.title = input.title;
    if (input.body !== undefined) pull.body = input.body;
    if (input.base !== undefined) {
      if (!(await fx.git(repo).resolve(`refs/heads/${input.base}`)))
        throw invalid('base');
      pull.base = input.base;
    }
    const closing = input.state === 'closed' && pull.state === 'open';
    const reopening =
      input.state === 'open' && pull.state === 'closed' && !pull.merged;
    if (closing) {
      pull.state = 'closed';
      pull.closed_at = now();
    } else if (
      input.state === 'open' &&
      pull.state === 'closed' &&
      !pull.merged
    ) {
      pull.state = 'open';
      pull.closed_at = null;
    }
    pull.updated_at = now();
    fx.state.save();
    const json = await render(fx, repo, pull);
    // GitHub tells a close (merged: false) or reopen as such, anything else as an edit.
    let action = 'edited';
    if (closing) action = 'closed';
    if (reopening) action = 'reopened';
    await fx.webhooks.pullRequest(repo, action, json, fx.viewer);
    return { status: 200, body: json };
  },

  'pulls/list-files': async (c, fx) => {
    const repo = repoOf(c, fx);
    const pull = pullOf(c, fx, repo);
    const git = fx.git(repo);
    const shas = await shasOf(fx, repo, pull);
    const head = pull.merged ? pull.merge_commit_sha : shas.head;
    if (!head || !shas.base) return { status: 200, body: [] };
    const mergeBase = pull.merged
      ? (await git.commit(pull.merge_commit_sha!))!.parents[0]
      : (await git.git(['merge-base', shas.base, head])).toString().trim();
    const files = await git.diffFiles(mergeBase, head);
    const api = fx.urls.repoApi(repo.owner, repo.name);
    return {
      status: 200,
      body: files.map(f => ({
        ...f,
        blob_url: `${fx.urls.html(repo.owner, repo.name)}/blob/${head}/${
          f.filename
        }`,
        raw_url: `${fx.urls.base}/${repo.owner}/${repo.name}/raw/${head}/${f.filename}`,
        contents_url: `${api}/contents/${f.filename}?ref=${head}`,
      })),
    };
  },

  'pulls/merge': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const pull = pullOf(c, fx, repo);
    if (pull.state !== 'open')
      throw new GitHubError(405, 'Pull Request is not mergeable');
    const input = body(c);
    const git = fx.git(repo);
    const { head, base } = await shasOf(fx, repo, pull);
    if (!head || !base)
      throw new GitHubError(405, 'Pull Request is not mergeable');
    if (input.sha && input.sha !== head)
      throw new GitHubError(
        409,
        'Head branch was modified. Review and try the merge again.',
      );
    const message = `${
      input.commit_title ??
      `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`
    }\n\n${input.commit_message ?? pull.title}`;
    let sha: string;
    try {
      sha = await git.merge(base, head, message, {
        name: fx.viewer.name,
        email: fx.viewer.email,
      });
    } catch {
      throw new GitHubError(405, 'Merge conflict');
    }
    await git.updateRef(`refs/heads/${pull.base}`, sha, base);
    Object.assign(pull, {
      state: 'closed',
      merged: true,
      merge_commit_sha: sha,
      merged_by: fx.viewer.login,
      merged_at: now(),
      closed_at: now(),
      updated_at: now(),
    });
    repo.pushed_at = now();
    fx.state.save();
    await fx.webhooks.push(
      repo,
      `refs/heads/${pull.base}`,
      base,
      sha,
      fx.viewer,
    );
    await fx.webhooks.pullRequest(
      repo,
      'closed',
      await render(fx, repo, pull),
      fx.viewer,
    );
    return {
      status: 200,
      body: { sha, merged: true, message: 'Pull Request successfully merged' },
    };
  },

  'pulls/request-reviewers': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const pull = pullOf(c, fx, repo);
    const { reviewers = [] } = body(c);
    const unknown = (reviewers as string[]).filter(r => !fx.state.user(r));
    if (unknown.length)
      throw new GitHubError(
        422,
        'Reviews may only be requested from collaborators.',
      );
    pull.requested_reviewers = [
      ...new Set([...pull.requested_reviewers, ...reviewers]),
    ];
    fx.state.save();
    return { status: 201, body: await render(fx, repo, pull) };
  },

  'issues/create-comment': async (c, fx) => {
    const repo = repoOf(c, fx);
    const number = Number(param(c, 'issue_number'));
    if (!fx.state.pull(repo, number)) throw notFound();
    const record = {
      id: fx.state.newId(),
      repo: fullName(repo),
      issue_number: number,
      body: body(c).body,
      user: fx.viewer.login,
      created_at: now(),
      updated_at: now(),
    };
    fx.state.data.comments.push(record);
    fx.state.save();
    const comment = commentJson(fx, repo, record);
    await fx.webhooks.issueComment(
      repo,
      'created',
      await issueJson(fx, repo, fx.state.pull(repo, number)!),
      comment,
      fx.viewer,
    );
    return { status: 201, body: comment };
  },

  'issues/update-comment': async (c, fx) => {
    const repo = repoOf(c, fx);
    const id = Number(param(c, 'comment_id'));
    const record = fx.state.data.comments.find(
      x => x.repo === fullName(repo) && x.id === id,
    );
    if (!record) throw notFound();
    if (record.user !== fx.viewer.login) requirePermission(fx, repo, 'push');
    record.body = body(c).body;
    record.updated_at = now();
    fx.state.save();
    const comment = commentJson(fx, repo, record);
    await fx.webhooks.issueComment(
      repo,
      'edited',
      await issueJson(fx, repo, fx.state.pull(repo, record.issue_number)!),
      comment,
      fx.viewer,
    );
    return { status: 200, body: comment };
  },

  'issues/list-comments': async (c, fx) => {
    const repo = repoOf(c, fx);
    const number = Number(param(c, 'issue_number'));
    if (!fx.state.pull(repo, number)) throw notFound();
    const comments = fx.state.data.comments.filter(
      x => x.repo === fullName(repo) && x.issue_number === number,
    );
    return { status: 200, body: comments.map(x => commentJson(fx, repo, x)) };
  },

  'issues/add-labels': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const pull = fx.state.pull(repo, Number(param(c, 'issue_number')));
    if (!pull) throw notFound();
    const input = body(c);
    const names: string[] = (
      Array.isArray(input) ? input : input.labels ?? []
    ).map((l: any) => (typeof l === 'string' ? l : l.name));
    for (const name of names) {
      if (!repo.labels.some(l => l.name === name))
        repo.labels.push({
          id: fx.state.newId(),
          name,
          color: 'ededed',
          description: null,
        });
    }
    pull.labels = [...new Set([...pull.labels, ...names])];
    fx.state.save();
    return { status: 200, body: pull.labels.map(n => labelJson(fx, repo, n)) };
  },

  'issues/list-labels-on-issue': async (c, fx) => {
    const repo = repoOf(c, fx);
    const pull = fx.state.pull(repo, Number(param(c, 'issue_number')));
    if (!pull) throw notFound();
    return { status: 200, body: pull.labels.map(n => labelJson(fx, repo, n)) };
  },

  'issues/add-assignees': async (c, fx) => {
    const repo = repoOf(c, fx);
    requirePermission(fx, repo, 'push');
    const pull = fx.state.pull(repo, Number(param(c, 'issue_number')));
    if (!pull) throw notFound();
    const { assignees = [] } = body(c);
    pull.assignees = [
      ...new Set([
        ...pull.assignees,
        ...(assignees as string[]).filter(a => fx.state.user(a)),
      ]),
    ];
    fx.state.save();
    const json = await render(fx, repo, pull);
    return {
      status: 201,
      body: {
        ...json,
        url: `${fx.urls.repoApi(repo.owner, repo.name)}/issues/${pull.number}`,
        repository_url: fx.urls.repoApi(repo.owner, repo.name),
        labels_url: '',
        events_url: '',
        comments: 0,
        pull_request: {
          url: json.url,
          html_url: json.html_url,
          diff_url: json.diff_url,
          patch_url: json.patch_url,
        },
      },
    };
  },
};

/** A pull request seen as the issue it also is (issue_comment payloads, issues/* answers). */
export async function issueJson(
  fx: ForgeContext,
  repo: RepoRecord,
  pull: PullRecord,
) {
  const json = await render(fx, repo, pull);
  const api = fx.urls.repoApi(repo.owner, repo.name);
  return {
    id: pull.id,
    node_id: `I_${pull.id}`,
    url: `${api}/issues/${pull.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${pull.number}/labels{/name}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    events_url: `${api}/issues/${pull.number}/events`,
    html_url: json.html_url,
    number: pull.number,
    state: pull.state,
    state_reason: null,
    title: pull.title,
    body: pull.body,
    user: json.user,
    labels: json.labels,
    assignee: json.assignees[0] ?? null,
    assignees: json.assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: fx.state.data.comments.filter(
      x => x.repo === fullName(repo) && x.issue_number === pull.number,
    ).length,
    pull_request: {
      url: json.url,
      html_url: json.html_url,
      diff_url: json.diff_url,
      patch_url: json.patch_url,
      merged_at: pull.merged_at,
    },
    closed_at: pull.closed_at,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    draft: pull.draft,
    author_association: 'MEMBER',
    performed_via_github_app: null,
    timeline_url: `${api}/issues/${pull.number}/timeline`,
    reactions: {
      url: `${api}/issues/${pull.number}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}

function commentJson(
  fx: ForgeContext,
  repo: RepoRecord,
  x: ForgeContext['state']['data']['comments'][number],
) {
  const api = fx.urls.repoApi(repo.owner, repo.name);
  return {
    id: x.id,
    node_id: `IC_${x.id}`,
    url: `${api}/issues/comments/${x.id}`,
    html_url: `${fx.urls.html(repo.owner, repo.name)}/pull/${
      x.issue_number
    }#issuecomment-${x.id}`,
    issue_url: `${api}/issues/${x.issue_number}`,
    body: x.body,
    user: fx.state.user(x.user) ? userJson(fx, fx.state.user(x.user)!) : null,
    created_at: x.created_at,
    updated_at: x.updated_at,
    author_association: 'MEMBER',
  };
}
