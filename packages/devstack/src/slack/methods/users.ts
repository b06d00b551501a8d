import { requiredString } from './args';
import { SlackApiError } from './SlackApiError';
import { userObject } from './slackObjects';
import type { SlackMethodHandler } from './types';

/** users.lookupByEmail: how Runway maps a catalog user's e-mail to a Slack user. */
export const usersLookupByEmail: SlackMethodHandler = ({ args, state }) => {
  const user = state.userByEmail(requiredString(args, 'email'));
  if (!user) throw new SlackApiError('users_not_found');
  return { user: userObject(user, state.team) };
};
