import { Octokit } from '@octokit/rest';
import { RateLimitReserve, RateLimitReserveReached } from './rateLimitReserve';

/** GitHub at the network edge: each answer says how many requests are left, and when they refill. */
function fakeGithub(remaining: number[], resetEpochSeconds: number) {
  const asked: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    asked.push(new URL(String(input)).pathname);
    const left = remaining[Math.min(asked.length, remaining.length) - 1];
    return new Response(JSON.stringify({ full_name: 'acme/x' }), {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(left),
        'x-ratelimit-reset': String(resetEpochSeconds),
      },
    });
  };
  const client = new Octokit({ request: { fetch } });
  return { client, asked };
}

describe('the rate-limit reserve', () => {
  const RESET = Date.UTC(2026, 11, 3, 6, 0, 0) / 1000;

  it('stops asking once GitHub says the reserve is reached, and again after the reset', async () => {
    let now = (RESET - 600) * 1000;
    const reserve = new RateLimitReserve(1000, () => now);
    const { client, asked } = fakeGithub([1002, 1001, 1000, 4999], RESET);
    reserve.watch(client, 'github.com', 'acme');
    const get = () => client.rest.repos.get({ owner: 'acme', repo: 'x' });

    await get();
    await get();
    await get();
    await expect(get()).rejects.toEqual(
      new RateLimitReserveReached(
        'Stopped asking GitHub (github.com, acme) with 1000 requests of its rate limit left until 2026-12-03T06:00:00.000Z, to keep the reserve of 1000 (runway.catalogDrift.rateLimitReserve) for the golden paths; the next run decides the rest.',
      ),
    );
    expect(asked).toHaveLength(3);

    now = RESET * 1000;
    await get();
    expect(asked).toHaveLength(4);
  });

  it('counts the questions still in flight against the reserve', async () => {
    const reserve = new RateLimitReserve(1000, () => 0);
    const { client, asked } = fakeGithub([1001], RESET);
    reserve.watch(client, 'github.com', 'acme');
    const get = () => client.rest.repos.get({ owner: 'acme', repo: 'x' });
    await get();
    // 1001 left, one more may go; a second sent at the same moment would touch the reserve.
    const results = await Promise.allSettled([get(), get()]);
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(asked).toHaveLength(2);
  });

  it('keeps one budget per account: another organisation’s installation still answers', async () => {
    const reserve = new RateLimitReserve(1000, () => 0);
    const low = fakeGithub([10], RESET);
    const other = fakeGithub([4000], RESET);
    reserve.watch(low.client, 'github.com', 'acme');
    reserve.watch(other.client, 'github.com', 'acme-labs');
    await low.client.rest.repos.get({ owner: 'acme', repo: 'x' });
    await expect(
      low.client.rest.repos.get({ owner: 'acme', repo: 'x' }),
    ).rejects.toBeInstanceOf(RateLimitReserveReached);
    await other.client.rest.repos.get({ owner: 'acme-labs', repo: 'y' });
    expect(other.asked).toHaveLength(1);
  });
});
