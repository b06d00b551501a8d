import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';

/** The environments API lists at most this many branches: one missing from a full list may exist. */
export const MAX_LISTED = 100;

/** A service's repository and its branches, as the environments API lists them. */
export interface ServiceBranches {
  repository: string;
  defaultBranch: string;
  branches: string[];
}

/** `GET /api/environments/branches?entityRef=…`: the branches of the service's repository. */
export async function fetchServiceBranches(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  entityRef: string,
): Promise<ServiceBranches> {
  const base = await apis.discoveryApi.getBaseUrl('environments');
  const response = await apis.fetchApi.fetch(
    `${base}/branches?${new URLSearchParams({ entityRef })}`,
  );
  if (!response.ok) {
    const error = await ResponseError.fromResponse(response);
    throw new Error(error.body?.error?.message ?? error.message);
  }
  return response.json();
}

/** The row of `services` a field id names (`root_services_2_branch` → 2). */
export function serviceRowOf(fieldId: string): number | undefined {
  const match = /_services_(\d+)_branch$/.exec(fieldId);
  return match ? Number(match[1]) : undefined;
}

/**
 * What is wrong with the services list, as environment:create would say it, before Submit: a
 * service listed twice, or a branch its repository does not have.
 */
export async function servicesProblems(
  services: Array<{ entityRef?: string; branch?: string }>,
  branchesOf: (entityRef: string) => Promise<ServiceBranches | undefined>,
): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, service] of services.entries()) {
    const ref = service.entityRef?.toLocaleLowerCase('en-US');
    if (!ref) continue;
    if (seen.has(ref)) {
      problems.push(
        `Service ${i + 1}: ${
          service.entityRef
        } is listed twice; an environment runs each service once, from one branch.`,
      );
      continue;
    }
    seen.add(ref);
    const branch = service.branch ?? '';
    const known = branch ? await branchesOf(service.entityRef!) : undefined;
    // A repository with more branches than listed may still have it: the action checks again.
    if (
      known &&
      known.branches.length < MAX_LISTED &&
      !known.branches.includes(branch)
    ) {
      problems.push(
        `Service ${i + 1}: ${known.repository} has no branch ${JSON.stringify(
          branch,
        )}; pick one of its branches (${known.defaultBranch} is its default).`,
      );
    }
  }
  return problems;
}
