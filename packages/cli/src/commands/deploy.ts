/**
 * `runway deploy bump` and `runway deploy rollback`: a stage's image tag changes only through the
 * one platform-config pull request of its service and stage (runway/deploy-<service>-<stage>).
 * Argo CD deploys what main holds once it is merged: automatically for staging, by review for
 * production.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError, parseCommandArgs } from '../args';
import { ApplicationFileError } from '../deploy/applicationImage';
import {
  DeployOutcome,
  DeployTarget,
  applicationPath,
  ensureDeployPullRequest,
} from '../deploy/deployPullRequest';
import { githubClient } from '../deploy/github';
import { tagHistory } from '../deploy/history';
import {
  parseImageTag,
  parseRepo,
  parseService,
  parseStage,
} from '../deploy/inputs';
import { ExitCode, type ExitCodeValue, type Io } from '../io';

const ENVIRONMENT = `Environment:
  GITHUB_TOKEN     A token that may write the repository (required; in CI a GitHub App token)
  GITHUB_API_URL   GitHub's API (default https://api.github.com; Actions sets it)`;

export const DEPLOY_BUMP_USAGE = `Usage: runway deploy bump --service <name> --stage staging|production --image-tag <tag> [options]

Opens the pull request in platform-config that deploys <tag> of the service to the stage, by
setting the image in apps/<service>/<stage>.yaml. One pull request per service and stage: a
newer tag updates it, and a tag that is already there changes nothing. Staging's is labelled
runway/auto-merge (merged once its checks pass); production's waits for a reviewer.

Options:
  --service <name>       The service (its catalogue name)
  --stage <stage>        staging or production
  --image-tag <tag>      The image tag CI pushed, e.g. the commit SHA
  --repo <owner/name>    The platform-config repository (default acme/platform-config)
  --github-output <file> Append pull-request=<url> to this file ($GITHUB_OUTPUT in Actions)
  -h, --help             Show this help

${ENVIRONMENT}

Exit codes: 0 done or nothing to do, 2 usage error or GitHub refused.
`;

export const DEPLOY_ROLLBACK_USAGE = `Usage: runway deploy rollback --service <name> --stage staging|production [options]

Opens the pull request in platform-config that deploys the tag the stage ran before the current
one (from the history of apps/<service>/<stage>.yaml on main). Merging it is the rollback.

Options:
  --service <name>       The service (its catalogue name)
  --stage <stage>        staging or production
  --repo <owner/name>    The platform-config repository (default acme/platform-config)
  --github-output <file> Append pull-request=<url> to this file ($GITHUB_OUTPUT in Actions)
  -h, --help             Show this help

${ENVIRONMENT}

Exit codes: 0 done, 2 usage error, no earlier tag, or GitHub refused.
`;

function parseDeployArgs(argv: string[], withTag: boolean) {
  const { values, positionals } = parseCommandArgs(argv, {
    service: { type: 'string' },
    stage: { type: 'string' },
    repo: { type: 'string' },
    'github-output': { type: 'string' },
    ...(withTag ? { 'image-tag': { type: 'string' as const } } : {}),
  });
  if (values.help) return undefined;
  if (positionals.length)
    throw new UsageError(
      `deploy takes flags only, not ${positionals.join(
        ' ',
      )}: e.g. --service payments-api --stage staging.`,
    );
  const target: DeployTarget = {
    ...parseRepo(values.repo as string | undefined),
    service: parseService(values.service as string | undefined),
    stage: parseStage(values.stage as string | undefined),
  };
  return {
    target,
    tag: withTag
      ? parseImageTag(values['image-tag'] as string | undefined)
      : undefined,
    githubOutput: values['github-output'] as string | undefined,
  };
}

function describe(outcome: DeployOutcome): string {
  switch (outcome.kind) {
    case 'unchanged':
      return `Nothing to do: ${outcome.reason}.${
        outcome.url ? ` Open pull request: ${outcome.url}` : ''
      }\n`;
    case 'opened':
      return `Opened ${outcome.url} (was ${outcome.from ?? 'no tag'}).\n`;
    default:
      return `Updated ${outcome.url} (main has ${outcome.from ?? 'no tag'}).\n`;
  }
}

async function finish(
  outcome: DeployOutcome,
  githubOutput: string | undefined,
  io: Io,
): Promise<ExitCodeValue> {
  io.stdout.write(describe(outcome));
  if (githubOutput)
    await fs.appendFile(
      path.resolve(io.cwd, githubOutput),
      `pull-request=${outcome.url ?? ''}\n`,
    );
  return ExitCode.Clean;
}

/** GitHub's and the file's refusals, said once without a stack: exit code 2. */
async function reported(
  io: Io,
  fn: () => Promise<ExitCodeValue>,
): Promise<ExitCodeValue> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const status = (error as { status?: number }).status;
    const message =
      error instanceof ApplicationFileError || status === undefined
        ? (error as Error).message
        : `GitHub answered ${status}: ${(error as Error).message}`;
    io.stderr.write(`runway deploy: ${message}\n`);
    return ExitCode.UsageOrLoadError;
  }
}

export async function deployBump(
  argv: string[],
  io: Io,
): Promise<ExitCodeValue> {
  const args = parseDeployArgs(argv, true);
  if (!args) {
    io.stdout.write(DEPLOY_BUMP_USAGE);
    return ExitCode.Clean;
  }
  const octokit = githubClient(io.env ?? process.env);
  const { target, tag } = args;
  return reported(io, async () =>
    finish(
      await ensureDeployPullRequest(octokit, target, {
        tag: tag!,
        title: `Deploy ${target.service} ${tag} to ${target.stage}`,
        body: bumpBody(target, tag!),
      }),
      args.githubOutput,
      io,
    ),
  );
}

export async function deployRollback(
  argv: string[],
  io: Io,
): Promise<ExitCodeValue> {
  const args = parseDeployArgs(argv, false);
  if (!args) {
    io.stdout.write(DEPLOY_ROLLBACK_USAGE);
    return ExitCode.Clean;
  }
  const octokit = githubClient(io.env ?? process.env);
  const { target } = args;
  return reported(io, async () => {
    const [current, previous] = await tagHistory(octokit, target);
    if (!previous) {
      io.stderr.write(
        `runway deploy rollback: ${applicationPath(target)} has had only ${
          current ?? 'no'
        } tag on main, so there is nothing to roll back to; deploy a fixed image with runway deploy bump.\n`,
      );
      return ExitCode.UsageOrLoadError;
    }
    return finish(
      await ensureDeployPullRequest(octokit, target, {
        tag: previous,
        title: `Roll back ${target.service} on ${target.stage} to ${previous}`,
        body: `Restores the image ${target.service} ran on ${target.stage} before ${current}: ${previous}.\n\nMerging this pull request is the rollback; Argo CD deploys it. Opened by \`runway deploy rollback\`.`,
      }),
      args.githubOutput,
      io,
    );
  });
}

function bumpBody(t: DeployTarget, tag: string): string {
  const how =
    t.stage === 'staging'
      ? 'Labelled `runway/auto-merge`: it merges itself once its checks pass.'
      : 'Merge it to deploy to production (review by CODEOWNERS); the merge is the gate.';
  return `Deploys the image tag \`${tag}\` of ${t.service} to ${
    t.stage
  }: the one change is \`spec.source.kustomize.images\` in \`${applicationPath(
    t,
  )}\`. Argo CD syncs it once merged.\n\n${how}\n\nOpened by \`runway deploy bump\`; a newer image updates this pull request, and reverting it (or \`runway deploy rollback\`) rolls back.`;
}
