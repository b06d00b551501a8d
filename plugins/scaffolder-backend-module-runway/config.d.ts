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
    /** Where golden paths open repositories and pull requests. */
    github?: {
      /** Forge host[:port], one of integrations.github; default github.com. */
      host?: string;
      /** Organisation that owns service repositories and platform-config. */
      org: string;
      /**
       * Milliseconds Runway's GitHub client leaves between write requests; default 1000, as
       * GitHub asks (secondary rate limits). The devstack has no such limit.
       */
      writeIntervalMs?: number;
    };
    /** The policy gate (`policy:check`). */
    policies?: {
      /**
       * Directory of policies the gate evaluates, absolute or relative to the backend's working
       * directory; default the repository's policies/ (the baseline).
       */
      dir?: string;
    };
    /** Settings of the new-service golden path. */
    newService?: {
      /** Repository (in runway.github.org) that receives the Terraform pull requests; default platform-config. */
      platformConfigRepo?: string;
      /** Grafana, for the dashboard links in catalog-info.yaml; default https://grafana.<org>.example. */
      grafanaBaseUrl?: string;
      /** Registry path images are pushed to, e.g. ghcr.io/acme. */
      imageRegistry?: string;
    };
  };
}
