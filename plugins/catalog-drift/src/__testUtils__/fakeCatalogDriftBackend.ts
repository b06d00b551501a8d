import { http, HttpResponse } from 'msw';
import { DriftProblem, DriftReport } from '../api';

/** Where the client reaches the backend with `mockApis.discovery()`. */
export const API_URL = 'http://example.com/api';

const HOUR = 3_600_000;
export const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * HOUR).toISOString();

/** A Component whose repository was deleted, found by every run of the last day. */
export function aProblem(overrides: Partial<DriftProblem> = {}): DriftProblem {
  return {
    kind: 'repository-missing',
    entityRef: 'component:default/cart-service',
    message: 'The repository acme/cart-service does not exist on GitHub.',
    fix: 'Unregister the entity if the repository was deleted; fix github.com/project-slug if it was renamed; give Runway’s GitHub App access if it is private.',
    firstSeenAt: hoursAgo(24),
    lastSeenAt: hoursAgo(1),
    ...overrides,
  };
}

/** The error body Backstage's error handler sends. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

export interface RecordedRequest {
  method: string;
  path: string;
}

/**
 * The catalog-drift backend at the network edge, answering as its router does: the report, a 403
 * naming the permission for anyone but the platform team, and a check that answers its counts
 * with the report after it.
 */
export class FakeCatalogDriftBackend {
  readonly requests: RecordedRequest[] = [];
  /** The caller is not in the platform team. */
  forbidden = false;
  /** What the next check finds; by default what the last one did. */
  nextProblems?: DriftProblem[];
  /** Answer the check with this error instead of running it. */
  checkFails?: { status: number; name: string; message: string };

  constructor(
    public report: DriftReport = { problems: [] },
    private readonly apiUrl: string = API_URL,
  ) {}

  requestsTo(method: string, path: string) {
    return this.requests.filter(r => r.method === method && r.path === path);
  }

  handlers() {
    const refuse = (permission: string) =>
      errorResponse(
        403,
        'NotAllowedError',
        `${permission} is the platform team's; ask them for the drift report`,
      );
    return [
      http.get(`${this.apiUrl}/catalog-drift/problems`, ({ request }) => {
        this.record(request);
        if (this.forbidden) return refuse('catalog-drift.problem.read');
        return HttpResponse.json(this.report);
      }),
      http.post(`${this.apiUrl}/catalog-drift/check`, ({ request }) => {
        this.record(request);
        if (this.forbidden) return refuse('catalog-drift.check.run');
        if (this.checkFails) {
          const { status, name, message } = this.checkFails;
          return errorResponse(status, name, message);
        }
        const now = new Date().toISOString();
        const problems = (this.nextProblems ?? this.report.problems).map(p => ({
          ...p,
          lastSeenAt: now,
        }));
        this.report = { checkedAt: now, problems };
        return HttpResponse.json({
          entities: 12,
          undecided: 0,
          ...this.report,
        });
      }),
    ];
  }

  private record(request: Request) {
    const url = new URL(request.url);
    this.requests.push({
      method: request.method,
      path: url.pathname.replace(/^\/api\/catalog-drift/, '') + url.search,
    });
  }
}
