import { boolArg, listArg, stringArg } from './args';
import { SlackApiError } from './SlackApiError';
import { usergroupObject } from './slackObjects';
import type { SlackMethodHandler } from './types';

/** usergroups.list: members and counts only when asked for, as in Slack. */
export const usergroupsList: SlackMethodHandler = ({ args, state }) => ({
  usergroups: state.usergroups().map(group =>
    usergroupObject(group, state.team, {
      includeUsers: boolArg(args, 'include_users'),
      includeCount: boolArg(args, 'include_count'),
    }),
  ),
});

/**
 * usergroups.users.list: the member IDs of one group, as usergroups.users.update sets them.
 * A missing or unknown ID is `no_such_subteam`.
 */
export const usergroupsUsersList: SlackMethodHandler = ({ args, state }) => {
  const id = stringArg(args, 'usergroup');
  const group = id ? state.usergroup(id) : undefined;
  if (!group) throw new SlackApiError('no_such_subteam');
  return { users: group.users };
};

/**
 * usergroups.users.update replaces the whole member list. Slack refuses an empty list (that is
 * usergroups.disable) and bot users, which cannot be usergroup members.
 */
export const usergroupsUsersUpdate: SlackMethodHandler = ({
  args,
  state,
  caller,
}) => {
  const id = stringArg(args, 'usergroup');
  if (!id) throw new SlackApiError('missing_argument');
  if (!state.usergroup(id)) throw new SlackApiError('no_such_subteam');
  const users = listArg(args, 'users');
  if (!users.length) throw new SlackApiError('no_users_provided');
  if (users.some(user => state.user(user)?.isBot ?? true)) {
    throw new SlackApiError('invalid_users');
  }
  const group = state.setUsergroupUsers(id, users, caller.id);
  return {
    usergroup: usergroupObject(group, state.team, {
      includeUsers: true,
      includeCount: boolArg(args, 'include_count'),
    }),
  };
};
