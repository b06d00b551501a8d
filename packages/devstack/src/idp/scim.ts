/**
 * What an identity provider's SCIM provisioning does for a hire in the devstack: the person gets
 * a Slack account. Okta and Entra ID both push hires to Slack this way in production.
 */
import type { SlackState } from '../slack';

/**
 * The hire's Slack user, as SCIM provisioning makes one: found by e-mail if the workspace has
 * them already, else added with their GitHub login as handle (numbered if that is taken).
 */
export function provisionSlackUser(
  slack: SlackState,
  hire: { name: string; email: string; githubLogin: string },
) {
  const existing = slack.userByEmail(hire.email);
  if (existing) return existing;
  const handle = hire.githubLogin.toLowerCase().replace(/[^a-z0-9._-]/g, '');
  const taken = new Set(slack.users().map(u => u.name));
  let name = handle || 'new-hire';
  for (let n = 2; taken.has(name); n++) name = `${handle}-${n}`;
  return slack.addUser({ name, realName: hire.name, email: hire.email });
}

/** Given names and surname from a full name, as an admin console splits it. */
export function splitName(name: string): {
  firstName: string;
  lastName: string;
} {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1
    ? { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! }
    : { firstName: parts[0], lastName: parts[0] };
}
