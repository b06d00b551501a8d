/** GitHub webhooks as the events backend publishes them (topic `github.<X-GitHub-Event>`). */
import {
  GITHUB_DEPLOYMENT_STATUS_TOPIC,
  GITHUB_PULL_REQUEST_TOPIC,
} from '../milestones/githubMilestones';

/** GitHub's `pull_request` webhook, as the events backend publishes it. */
export function pullRequestEvent(
  action: 'opened' | 'closed',
  options: {
    repo?: string;
    number?: number;
    author?: string;
    branch?: string;
    body?: string;
    merged?: boolean;
    at: Date;
  },
) {
  const repo = options.repo ?? 'checkout-api';
  const merged = options.merged ?? action === 'closed';
  return {
    topic: GITHUB_PULL_REQUEST_TOPIC,
    eventPayload: {
      action,
      number: options.number ?? 1,
      pull_request: {
        number: options.number ?? 1,
        html_url: `https://github.example/acme/${repo}/pull/${
          options.number ?? 1
        }`,
        user: { login: options.author ?? 'runway-bot' },
        body: options.body ?? null,
        head: { ref: options.branch ?? 'feature' },
        created_at: options.at.toISOString(),
        merged,
        merged_at: merged ? options.at.toISOString() : null,
      },
      repository: { full_name: `acme/${repo}`, owner: { login: 'acme' } },
      organization: { login: 'acme' },
    },
  };
}

export function deploymentStatusEvent(options: {
  environment: string;
  state: string;
  creator: string;
  at: Date;
}) {
  return {
    topic: GITHUB_DEPLOYMENT_STATUS_TOPIC,
    eventPayload: {
      deployment_status: {
        state: options.state,
        environment: options.environment,
        environment_url: 'https://checkout.staging.acme.example',
        created_at: options.at.toISOString(),
      },
      deployment: {
        environment: options.environment,
        ref: 'main',
        creator: { login: options.creator },
      },
      repository: {
        full_name: 'acme/checkout-api',
        owner: { login: 'acme' },
      },
      organization: { login: 'acme' },
    },
  };
}
