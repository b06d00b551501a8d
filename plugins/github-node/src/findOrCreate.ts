/**
 * Creating something GitHub may have made although it did not answer. The client never resends
 * such a POST (see client.ts); after a 5xx or a timeout this looks for what the attempt may have
 * made, and creates again only when there is nothing, so a retry never makes a second comment
 * or pull request. A request the client gave up on may still be in flight and land a moment
 * later, so the look is repeated over a settling time before creating again (the 50-run fault
 * acceptance caught a comment made twice when the look came first).
 */
import { statusOf } from './errors';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function findOrCreate<T>(options: {
  /** What an earlier attempt made, if anything. */
  find: () => Promise<T | undefined>;
  create: () => Promise<T>;
  /** Creates in all; default 3. */
  attempts?: number;
  /** Waits between looks after an unanswered create, before creating again; default 0.5, 1 and 2 s. */
  settleMs?: number[];
}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const settle = options.settleMs ?? [500, 1000, 2000];
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.create();
    } catch (error) {
      const status = statusOf(error);
      const unanswered = status === undefined || status >= 500;
      if (!unanswered || attempt >= attempts) throw error;
      let made = await options.find();
      for (const wait of settle) {
        if (made !== undefined) return made;
        await sleep(wait);
        made = await options.find();
      }
      if (made !== undefined) return made;
    }
  }
}
