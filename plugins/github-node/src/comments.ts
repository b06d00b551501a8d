/** One comment per purpose on an issue or pull request, found again by a hidden marker. */
import { GithubClient } from './client';
import { Repository } from './branches';
import { github } from './errors';

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
  const comments = await github(`read the comments of ${at}`, () =>
    client.paginate(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 100,
    }),
  );
  const mine = comments.find(c => c.body?.startsWith(marker));
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
  const { data } = await github(`comment on ${at}`, () =>
    client.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: text,
    }),
  );
  return data.html_url;
}
