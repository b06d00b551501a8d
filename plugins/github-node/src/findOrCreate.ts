/**
 * Creating something GitHub may have made although it did not answer. The client never resends
 * such a POST (see client.ts); after a 5xx or a timeout this looks for what the attempt may have
 * made, and creates again only when there is nothing, so a retry never makes a second comment
 * or pull request.
 */
import { statusOf } from './errors';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function findOrCreate<T>(options: {
  /** What an earlier attempt made, if anything. */
  find: () => Promise<T | undefined>;
  create: () => Promise<T>;
  /** Creates in all; default 3. */
  attempts?: number;
}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.create();
    } catch (error) {
      const status = statusOf(error);
      const unanswered = status === undefined || status >= 500;
      if (!unanswered || attempt >= attempts) throw error;
      const made = await options.find();
      if (made !== undefined) return made;
      await sleep(attempt * attempt * 200);
    }
  }
}
