/**
 * `terraform:pr:create` — proposes Terraform to the platform-config repository: renders module
 * blocks into `<targetPath>/main.tf` through an escaping serializer, checks the result with
 * HashiCorp's parser, and opens (or, on a retry, updates) one pull request with a summary table,
 * the requester and a link back to the task.
 */
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GithubRetryOptions,
  createGithubClient,
  openPullRequest,
} from '@runway/github-node';
import { GithubSettings } from '@runway/platform-node';
import { prepareChange } from './change';
import { renderPrBody, taskUrl } from './prBody';
import { examples } from './terraformPrCreate.examples';

export interface TerraformPrCreateOptions {
  integrations: ScmIntegrationRegistry;
  /** Runway's app base URL, for the link back to the task. */
  baseUrl: string;
  /** Default: DefaultGithubCredentialsProvider over `integrations`. */
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** Retry tuning of the GitHub client (tests shorten the back-off). */
  retry?: GithubRetryOptions;
  /** `runway.github`: write spacing and request timeout of the client. */
  github?: Pick<GithubSettings, 'writeIntervalMs' | 'requestTimeoutMs'>;
}

export function createTerraformPrCreateAction(
  options: TerraformPrCreateOptions,
) {
  const { integrations, baseUrl } = options;
  return createTemplateAction({
    id: 'terraform:pr:create',
    description:
      'Renders Terraform module blocks (and any extra files, given inline or from workspace folders) into the platform-config repository and opens one pull request for them; a retried task updates the same branch and pull request.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'The platform-config repository, as the RepoUrlPicker gives it: github.com?owner=acme&repo=platform-config',
          }),
        targetPath: z =>
          z.string({
            description:
              'Directory in the repository that receives the files, e.g. services/payments-api. Relative, without .. segments.',
          }),
        modules: z =>
          z
            .array(
              z.object({
                name: z.string({
                  description:
                    'Module block label: a Terraform identifier (letters, digits, _ and -; not starting with a digit).',
                }),
                source: z.string({
                  description:
                    'The module source, e.g. ../../modules/database/postgres',
                }),
                version: z
                  .string({
                    description:
                      'Version constraint, for registry sources only.',
                  })
                  .optional(),
                enabled: z
                  .boolean({
                    description:
                      "Default true. false leaves the module out, e.g. ${{ parameters.database != 'none' }}.",
                  })
                  .optional(),
                variables: z
                  .record(
                    z.union([
                      z.string(),
                      z.number(),
                      z.boolean(),
                      z.array(z.any()),
                      z.record(z.any()),
                    ]),
                    {
                      description:
                        'Input variables: strings, numbers, booleans, lists and maps. Every string is written as a literal; nothing is interpolated.',
                    },
                  )
                  .optional(),
              }),
              {
                description:
                  'Module blocks written to <targetPath>/<moduleFile>, in this order.',
              },
            )
            .optional(),
        moduleFile: z =>
          z
            .string({
              description:
                'The file under targetPath that receives the module blocks; default main.tf. One root module shared by many (engineers/engineer-<login>.tf) gives each its own file.',
            })
            .optional(),
        files: z =>
          z
            .record(z.string(), {
              description:
                'Other files to add, path (relative to targetPath) → text, written as given. .tf files must parse.',
            })
            .optional(),
        removeFiles: z =>
          z
            .array(z.string(), {
              description:
                'Files to delete, relative to targetPath, e.g. [jane-doe.tf] when an engineer leaves.',
            })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'A workspace directory (rendered by fetch:template or copied by fetch:plain) whose files are added under targetPath, e.g. static provider and backend settings.',
            })
            .optional(),
        folders: z =>
          z
            .array(
              z.object({
                sourcePath: z.string({
                  description:
                    'A workspace directory, e.g. ./apps, rendered by fetch:template.',
                }),
                targetPath: z.string({
                  description:
                    'Where its files go in the repository, e.g. apps/payments-api. Relative, without .. segments.',
                }),
              }),
              {
                description:
                  "More workspace directories, each added under its own repository path (not under targetPath): e.g. a service's Argo CD Applications under apps/<name>. .yaml files must parse.",
              },
            )
            .optional(),
        title: z => z.string({ description: 'Pull request title.' }),
        body: z =>
          z
            .string({
              description:
                'Markdown placed above the generated summary in the pull request description.',
            })
            .optional(),
        labels: z =>
          z
            .array(z.string(), {
              description: 'Labels to add to the pull request.',
            })
            .optional(),
        branchName: z =>
          z
            .string({
              description:
                'Branch to push; default runway/<last segment of targetPath>.',
            })
            .optional(),
      },
      output: {
        prUrl: z => z.string({ description: 'The pull request on GitHub.' }),
        prNumber: z => z.number({ description: 'The pull request number.' }),
        branch: z => z.string({ description: 'The branch the change is on.' }),
        files: z =>
          z
            .record(z.string().nullable(), {
              description:
                'Dry run only: repository path → rendered content, null for a deletion.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const change = await prepareChange(
        ctx.input,
        integrations,
        ctx.workspacePath,
      );
      const { host, owner, repo, branch } = change;
      ctx.logger.info(
        `Proposing ${Object.keys(change.files).join(
          ', ',
        )} to ${owner}/${repo} on branch ${branch}`,
      );
      if (ctx.isDryRun) {
        ctx.output('prUrl', `https://${host}/${owner}/${repo}/pull/0`);
        ctx.output('prNumber', 0);
        ctx.output('branch', branch);
        ctx.output('files', change.files);
        return;
      }
      const client = await createGithubClient({
        integrations,
        credentialsProvider: options.githubCredentialsProvider,
        host,
        owner,
        repo,
        logger: ctx.logger,
        retry: options.retry,
        writeIntervalMs: options.github?.writeIntervalMs,
        requestTimeoutMs: options.github?.requestTimeoutMs,
      });
      const link = taskUrl(baseUrl, ctx.task.id);
      const result = await openPullRequest(
        client,
        {
          owner,
          repo,
          branch,
          files: change.files,
          title: change.title,
          labels: change.labels,
          body: renderPrBody({
            body: change.body,
            modules: change.modules,
            files: Object.keys(change.files).filter(
              path => change.files[path] !== null,
            ),
            removed: Object.keys(change.files).filter(
              path => change.files[path] === null,
            ),
            requestedBy: ctx.user?.ref,
            taskId: ctx.task.id,
            baseUrl,
          }),
          commitMessage: `${change.title}\n\nProposed by Runway: ${link}`,
        },
        { checkpoint: ctx.checkpoint, branchField: 'branchName' },
      );
      ctx.logger.info(`Pull request ${result.prUrl} is open`);
      ctx.output('prUrl', result.prUrl);
      ctx.output('prNumber', result.prNumber);
      ctx.output('branch', result.branch);
    },
  });
}
