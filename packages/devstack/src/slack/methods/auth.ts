import type { SlackMethodHandler } from './types';

/** auth.test: who the token belongs to; Runway calls it at start-up to check its token. */
export const authTest: SlackMethodHandler = ({ state, caller }) => ({
  url: `https://${state.team.domain}.slack.com/`,
  team: state.team.name,
  user: caller.name,
  team_id: state.team.id,
  user_id: caller.id,
  ...(caller.botId ? { bot_id: caller.botId } : {}),
  is_enterprise_install: false,
});
