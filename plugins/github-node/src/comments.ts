/** One comment per purpose on an issue or pull request, found again by a hidden marker. */
import { GithubClient } from './client';
import { Repository } from './branches';
import { github } from './errors';
import { findOrCreate } from './findOrCreate';

/**
 * Creates the comment that starts with `marker`, or updates it when its text changed, so a
 * retried task edits its comment instead of adding a second. Answers the comment's address.
 */
export async function upsertMarkedComment(
  client: GithubClient,
  { owner, repo, number }: Repository & { number: number },
  marker: string,
  body: string,
): Promise<string> {
  const at = `${owner}/${repo}#${number}`;
  const text = `${marker}\n${body}`;
  const findMine = async () =>
    (
      await github(`read the comments of ${at}`, () =>
        client.paginate(client.rest.issues.listComments, {
          owner,
          repo,
          issue_number: number,
          per_page: 100,
        }),
      )
    ).find(c => c.body?.startsWith(marker));
  const mine = await findMine();
  if (mine) {
    if (mine.body !== text) {
      await github(`update a comment on ${at}`, () =>
        client.rest.issues.updateComment({
          owner,
          repo,
          comment_id: mine.id,
          body: text,
        }),
      );
    }
    return mine.html_url;
  }
  return github(`comment on ${at}`, () =>
    findOrCreate({
      find: async () => (await findMine())?.html_url,
      create: async () =>
        (
          await client.rest.issues.createComment({
            owner,
            repo,
            issue_number: number,
            body: text,
          })
        ).data.html_url,
    }),
  );
}
