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

type ServiceRow = { entityRef?: string; branch?: string };

/**
 * What is wrong with row `row` of the services list, as environment:create would say it: the
 * service listed in an earlier row, or a branch its repository (`known`, when listed) lacks.
 */
export function serviceRowProblem(
  services: ServiceRow[],
  row: number,
  known: ServiceBranches | undefined,
): string | undefined {
  const { entityRef, branch } = services[row] ?? {};
  const ref = entityRef?.toLocaleLowerCase('en-US');
  if (!ref) return undefined;
  if (
    services
      .slice(0, row)
      .some(s => s?.entityRef?.toLocaleLowerCase('en-US') === ref)
  ) {
    return `${entityRef} is listed twice; an environment runs each service once, from one branch.`;
  }
  // A repository with more branches than listed may still have it: the action checks again.
  if (
    known &&
    branch &&
    known.branches.length < MAX_LISTED &&
    !known.branches.includes(branch)
  ) {
    return `${known.repository} has no branch ${JSON.stringify(
      branch,
    )}; pick one of its branches (${known.defaultBranch} is its default).`;
  }
  return undefined;
}

/** Every row's problem, numbered as the form shows the rows, for Next's validation. */
export async function servicesProblems(
  services: ServiceRow[],
  branchesOf: (entityRef: string) => Promise<ServiceBranches | undefined>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, service] of services.entries()) {
    const listedTwice = serviceRowProblem(services, i, undefined);
    const known =
      !listedTwice && service.entityRef && service.branch
        ? await branchesOf(service.entityRef)
        : undefined;
    const problem = listedTwice ?? serviceRowProblem(services, i, known);
    if (problem) problems.push(`Service ${i + 1}: ${problem}`);
  }
  return problems;
}
