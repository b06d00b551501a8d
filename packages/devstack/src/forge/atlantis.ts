/**
 * The Atlantis stand-in: `POST /_devstack/atlantis/apply {repo, pull, outcome}` does to the pull
 * request what an `atlantis apply` does, through the forge's own API as the Atlantis machine user —
 * commit status `atlantis/apply` pending, the apply comment in Atlantis' format, the final status,
 * and with `automerge: true` in atlantis.yaml and every project applied, the automerge comment and
 * a merge commit. Terraform is not run: the outcome is the caller's.
 */
import path from 'node:path';
import express, { Request, Response } from 'express';
import { parse as parseYaml } from 'yaml';
import { ForgeContext, GitHubError, Handler } from './handlers/types';
import { gitDataHandlers } from './handlers/gitdata';
import { pullHandlers } from './handlers/pulls';
import { ATLANTIS_LOGIN } from './seed';
import { PullRecord, RepoRecord } from './state';

const CONTEXT = 'atlantis/apply';
const AUTOMERGE_COMMENT =
  'Automatically merging because all plans have been successfully applied.';

export interface AtlantisApply {
  repo: string;
  pull: number;
  outcome: 'success' | 'failure';
}

interface Project {
  name?: string;
  dir: string;
  resources: string[];
}

/** Calls a forge handler as Atlantis would call the REST API. */
function call(
  handler: Handler,
  fx: ForgeContext,
  params: Record<string, unknown>,
  requestBody: unknown = {},
) {
  return handler(
    { request: { params, requestBody, query: {}, headers: {} } } as any,
    fx,
  );
}

function problem(status: number, message: string) {
  return new GitHubError(status, message);
}

/** Reads and checks the request, naming the field and the fix. */
export function parseApply(body: any): AtlantisApply {
  if (typeof body?.repo !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(body.repo))
    throw problem(
      422,
      'repo must be "owner/name" of a forge repository, e.g. "acme/platform-config"',
    );
  if (!Number.isInteger(body.pull) || body.pull < 1)
    throw problem(422, 'pull must be the pull request number, e.g. 12');
  if (body.outcome !== 'success' && body.outcome !== 'failure')
    throw problem(
      422,
      'outcome must be "success" or "failure" (what terraform apply should end with)',
    );
  return { repo: body.repo, pull: body.pull, outcome: body.outcome };
}

/** Atlantis' projects of a pull request: the directories of its changed .tf files, modules excepted. */
async function projectsOf(
  fx: ForgeContext,
  repo: RepoRecord,
  pull: PullRecord,
  head: string,
): Promise<Project[]> {
  const files = (
    await call(pullHandlers['pulls/list-files'], fx, {
      owner: repo.owner,
      repo: repo.name,
      pull_number: pull.number,
    })
  ).body as { filename: string }[];
  const dirs = [
    ...new Set(
      files
        .map(f => f.filename)
        .filter(f => f.endsWith('.tf') && !f.startsWith('modules/'))
        .map(f => path.posix.dirname(f)),
    ),
  ].sort();
  const git = fx.git(repo);
  const tree = await git.lsTree(head, true);
  const config = tree.find(e => e.path === 'atlantis.yaml');
  const named: { name?: string; dir?: string }[] = config
    ? parseYaml((await git.readBlob(config.sha)).toString())?.projects ?? []
    : [];
  const projects: Project[] = [];
  for (const dir of dirs) {
    const resources: string[] = [];
    for (const entry of tree.filter(
      e => e.type === 'blob' && path.posix.dirname(e.path) === dir,
    )) {
      if (!entry.path.endsWith('.tf')) continue;
      const text = (await git.readBlob(entry.sha)).toString();
      // Resources and modules in file order, as terraform's output lists them.
      for (const m of text.matchAll(
        /^(?:resource\s+"([^"]+)"\s+"([^"]+)"|module\s+"([^"]+)")/gm,
      ))
        resources.push(m[3] ? `module.${m[3]}` : `${m[1]}.${m[2]}`);
    }
    projects.push({
      name: named.find(p => p.dir === dir)?.name,
      dir,
      resources,
    });
  }
  return projects;
}

function automergeOn(fx: ForgeContext, repo: RepoRecord, head: string) {
  return fx
    .git(repo)
    .lsTree(head, true)
    .then(async tree => {
      const config = tree.find(e => e.path === 'atlantis.yaml');
      if (!config) return false;
      const doc = parseYaml(
        (await fx.git(repo).readBlob(config.sha)).toString(),
      );
      return doc?.automerge === true;
    });
}

const title = (p: Project) =>
  `${p.name ? `project: \`${p.name}\` ` : ''}dir: \`${
    p.dir
  }\` workspace: \`default\``;

function output(
  repo: RepoRecord,
  pull: PullRecord,
  p: Project,
  outcome: AtlantisApply['outcome'],
) {
  const workdir = `/atlantis-data/repos/${repo.owner}/${repo.name}/${pull.number}/default/${p.dir}`;
  if (outcome === 'failure')
    return [
      '**Apply Error**',
      '```',
      `running "terraform apply -input=false \\"${workdir}/default.tfplan\\"" in "${workdir}": exit status 1`,
      '',
      `Error: creating ${
        p.resources[0] ?? 'resource'
      }: operation error: the devstack was told this apply fails`,
      '```',
    ].join('\n');
  const resources = p.resources.length ? p.resources : ['terraform_data.this'];
  return [
    '```diff',
    ...resources.flatMap(r => [
      `${r}: Creating...`,
      `${r}: Creation complete after 2s`,
    ]),
    '',
    `Apply complete! Resources: ${resources.length} added, 0 changed, 0 destroyed.`,
    '',
    '```',
  ].join('\n');
}

/** The comment Atlantis writes after an apply, one project or several. */
export function applyComment(
  repo: RepoRecord,
  pull: PullRecord,
  projects: Project[],
  outcome: AtlantisApply['outcome'],
) {
  if (projects.length === 1)
    return `Ran Apply for ${title(projects[0])}\n\n${output(
      repo,
      pull,
      projects[0],
      outcome,
    )}\n`;
  return [
    `Ran Apply for ${projects.length} projects:`,
    '',
    ...projects.map(p => `1. ${title(p)}`),
    '',
    projects
      .map(
        (p, i) =>
          `### ${i + 1}. ${title(p)}\n${output(repo, pull, p, outcome)}\n`,
      )
      .join('\n---\n'),
  ].join('\n');
}

export async function atlantisApply(
  contextFor: (login: string) => ForgeContext,
  input: AtlantisApply,
) {
  const fx = contextFor(ATLANTIS_LOGIN);
  const [owner, name] = input.repo.split('/');
  const repo = fx.state.repo(owner, name);
  if (!repo)
    throw problem(404, `No repository ${input.repo} on the devstack forge`);
  const pull = fx.state.pull(repo, input.pull);
  if (!pull)
    throw problem(404, `${input.repo} has no pull request #${input.pull}`);
  if (pull.state !== 'open')
    throw problem(
      422,
      `${input.repo}#${input.pull} is ${
        pull.merged ? 'merged' : 'closed'
      }: Atlantis applies open pull requests only`,
    );
  const head = await fx.git(repo).resolve(`refs/heads/${pull.head}`);
  if (!head)
    throw problem(
      422,
      `${input.repo}#${input.pull}'s branch ${pull.head} no longer exists`,
    );
  const projects = await projectsOf(fx, repo, pull, head);
  if (!projects.length)
    throw problem(
      422,
      `${input.repo}#${input.pull} changes no Terraform project (no .tf file outside modules/): Atlantis has nothing to apply`,
    );
  const at = { owner: repo.owner, repo: repo.name };
  const status = (state: string, description: string) =>
    call(
      gitDataHandlers['repos/create-commit-status'],
      fx,
      { ...at, sha: head },
      { state, context: CONTEXT, description },
    );
  const comment = async (body: string) =>
    (
      await call(
        pullHandlers['issues/create-comment'],
        fx,
        { ...at, issue_number: pull.number },
        { body },
      )
    ).body as { html_url: string };

  await status('pending', 'Apply in progress...');
  const applied = await comment(
    applyComment(repo, pull, projects, input.outcome),
  );
  const succeeded = input.outcome === 'success' ? projects.length : 0;
  await status(
    input.outcome,
    `${succeeded}/${projects.length} projects applied successfully.`,
  );
  let mergeCommitSha: string | null = null;
  if (input.outcome === 'success' && (await automergeOn(fx, repo, head))) {
    await comment(AUTOMERGE_COMMENT);
    const merged = await call(
      pullHandlers['pulls/merge'],
      fx,
      { ...at, pull_number: pull.number },
      {
        merge_method: 'merge',
        commit_message:
          '[Atlantis] Automatically merging after successful apply',
      },
    );
    mergeCommitSha = (merged.body as { sha: string }).sha;
  }
  return {
    repo: input.repo,
    pull: pull.number,
    outcome: input.outcome,
    projects: projects.map(p => p.dir),
    comment_url: applied.html_url,
    merged: mergeCommitSha !== null,
    merge_commit_sha: mergeCommitSha,
  };
}

export function createAtlantisRouter(
  contextFor: (login: string) => ForgeContext,
) {
  const router = express.Router();
  router.post(
    '/_devstack/atlantis/apply',
    express.json(),
    async (req: Request, res: Response) => {
      try {
        res.json(await atlantisApply(contextFor, parseApply(req.body)));
      } catch (e) {
        if (e instanceof GitHubError)
          res.status(e.status).json({ message: e.message });
        else
          res
            .status(500)
            .json({ message: `devstack: ${(e as Error).message}` });
      }
    },
  );
  return router;
}
