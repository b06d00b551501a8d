export interface Config {
  runway?: {
    /** The local devstack's allowances; never in production. */
    devstack?: {
      /** Accept unsigned GitHub webhooks (no events.modules.github.webhookSecret); default false. */
      allowUnsignedWebhooks?: boolean;
    };
    /** Runway's permission policy (docs/security.md). */
    permissions?: {
      /**
       * Members of this group may do everything, including the Kubernetes proxy, template
       * dry-runs and every team's environments; default group:default/platform.
       */
      platformGroup?: string;
    };
    /** Where golden paths open repositories and pull requests. */
    github?: {
      /** Forge host[:port], one of integrations.github; default github.com. */
      host?: string;
      /** Organisation that owns service repositories and platform-config; default acme. */
      org?: string;
      /** Repository (in `org`) that receives Terraform and environment changes; default platform-config. */
      platformConfigRepo?: string;
      /**
       * Milliseconds Runway's GitHub client leaves between write requests; default 1000, as
       * GitHub asks (secondary rate limits). The devstack has no such limit.
       */
      writeIntervalMs?: number;
      /** Milliseconds one GitHub request may take before it is abandoned (and retried); default 30000. */
      requestTimeoutMs?: number;
    };
    /** Slack for the golden paths' messages and the environments' warnings; without it Runway sends Backstage notifications only. */
    slack?: {
      /**
       * Bot token (xoxb-...).
       * @visibility secret
       */
      token: string;
      /** Slack Web API base URL; default Slack's own. The embedded default points at the devstack. */
      apiUrl?: string;
    };
    /** The policy gate. */
    policies?: {
      /**
       * Directory of policies the gate evaluates, absolute or relative to the backend's working
       * directory; default the repository's policies/ (the baseline).
       */
      dir?: string;
    };
  };
}
