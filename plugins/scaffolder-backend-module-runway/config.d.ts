export interface Config {
  runway?: {
    /** Slack for the golden paths' "it's ready" messages; without it they send Backstage notifications. */
    slack?: {
      /**
       * Bot token (xoxb-...).
       * @visibility secret
       */
      token: string;
      /** Slack Web API base URL; default Slack's own. The embedded default points at the devstack. */
      apiUrl?: string;
    };
  };
}
