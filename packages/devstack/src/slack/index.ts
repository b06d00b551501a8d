export { SlackState } from './SlackState';
export type {
  SlackChannel,
  SlackMessage,
  SlackTeam,
  SlackUser,
  SlackUsergroup,
} from './SlackState';
export { createSlackRouter } from './slackRouter';
export type { SlackRouterOptions } from './slackRouter';
