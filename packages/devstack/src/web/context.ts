/** What the web view reads: the devstack's stand-ins, never written to. */
import type { Forge } from '../forge/forge';
import type { SlackState } from '../slack';
import type { SmtpStandIn } from '../smtp';

export interface WebContext {
  forge: Forge;
  slack: SlackState;
  smtp: SmtpStandIn;
}
