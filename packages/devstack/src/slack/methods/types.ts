import type { SlackState, SlackUser } from '../SlackState';
import type { SlackArgs } from './args';

/** One authenticated Web API call: its arguments, the workspace, and who is calling. */
export interface SlackCall {
  args: SlackArgs;
  state: SlackState;
  caller: SlackUser;
}

/** Returns the success body without `ok`; throws SlackApiError for Slack's error answers. */
export type SlackMethodHandler = (call: SlackCall) => Record<string, unknown>;
