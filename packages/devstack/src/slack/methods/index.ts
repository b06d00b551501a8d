import { authTest } from './auth';
import { chatPostMessage } from './chat';
import {
  conversationsInvite,
  conversationsJoin,
  conversationsKick,
  conversationsList,
  conversationsMembers,
} from './conversations';
import {
  usergroupsList,
  usergroupsUsersList,
  usergroupsUsersUpdate,
} from './usergroups';
import { usersLookupByEmail } from './users';
import type { SlackMethodHandler } from './types';

export { SlackApiError } from './SlackApiError';
export type { SlackCall, SlackMethodHandler } from './types';

/** The Web API methods the stand-in answers; any other name is `unknown_method`. */
export const slackMethods: Readonly<Record<string, SlackMethodHandler>> = {
  'auth.test': authTest,
  'chat.postMessage': chatPostMessage,
  'conversations.invite': conversationsInvite,
  'conversations.join': conversationsJoin,
  'conversations.kick': conversationsKick,
  'conversations.list': conversationsList,
  'conversations.members': conversationsMembers,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
  'usergroups.users.update': usergroupsUsersUpdate,
  'users.lookupByEmail': usersLookupByEmail,
};
