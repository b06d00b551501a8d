/**
 * The GitHub App's rate limit is shared with every golden path: the check watches what GitHub says
 * is left (`x-ratelimit-remaining`, `x-ratelimit-reset`) and stops asking before a request would
 * eat into the reserve it leaves them, so the rest of the run is undecided, never "deleted".
 */
import { GithubClient } from '@runway/github-node';

/** Thrown instead of a request the reserve does not allow; `message` says why, for the report. */
export class RateLimitReserveReached extends Error {
  readonly name = 'RateLimitReserveReached';
}

type Headers = Record<string, string | number | undefined>;

/** One rate limit (a host and account: a GitHub App's budget is per installation). */
class Budget {
  /** What GitHub last said was left, and when that refills (epoch ms). */
  private remaining?: number;
  private resetAt?: number;
  /** Requests sent that GitHub's last answer did not count yet. */
  private inFlight = 0;

  constructor(
    private readonly where: string,
    private readonly reserve: number,
    private readonly now: () => number,
  ) {}

  /** Why the next request must not be sent, or undefined when it may. */
  refusal(): string | undefined {
    if (this.remaining === undefined) return undefined;
    if (this.resetAt !== undefined && this.now() >= this.resetAt) {
      this.remaining = undefined; // refilled: the next answer says by how much
      return undefined;
    }
    if (this.remaining - this.inFlight > this.reserve) return undefined;
    const until =
      this.resetAt === undefined
        ? ''
        : ` until ${new Date(this.resetAt).toISOString()}`;
    return `Stopped asking GitHub (${this.where}) with ${this.remaining} requests of its rate limit left${until}, to keep the reserve of ${this.reserve} (runway.catalogDrift.rateLimitReserve) for the golden paths; the next run decides the rest.`;
  }

  sent() {
    this.inFlight++;
  }

  answered(headers: Headers | undefined) {
    this.inFlight--;
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    if (headers?.['x-ratelimit-remaining'] === undefined || !(remaining >= 0))
      return;
    this.remaining = remaining;
    const reset = Number(headers['x-ratelimit-reset']);
    this.resetAt = reset > 0 ? reset * 1000 : undefined;
  }
}

/** The budgets of one run, per host and account. */
export class RateLimitReserve {
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly reserve: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes `client` (for `host`/`owner`) refuse requests once the reserve would be touched. */
  watch(client: GithubClient, host: string, owner: string): GithubClient {
    const key = `${host}/${owner}`.toLocaleLowerCase('en-US');
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = new Budget(`${host}, ${owner}`, this.reserve, this.now);
      this.budgets.set(key, budget);
    }
    const watched = budget;
    // Registered after the client's own retry loop, so it wraps it: one check per question asked.
    client.hook.wrap('request', async (request, options) => {
      const refusal = watched.refusal();
      if (refusal) throw new RateLimitReserveReached(refusal);
      watched.sent();
      try {
        const response = await request(options);
        watched.answered(response.headers as Headers);
        return response;
      } catch (error) {
        watched.answered(
          (error as { response?: { headers?: Headers } })?.response?.headers,
        );
        throw error;
      }
    });
    return client;
  }
}
