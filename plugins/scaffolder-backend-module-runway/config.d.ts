export interface Config {
  runway?: {
    /**
     * Settings of the new-service golden path. The GitHub, Slack and policy settings the actions
     * share (`runway.github`, `runway.slack`, `runway.policies`) are documented by
     * @runway/platform-node, the environments' by @runway/plugin-environments-node.
     */
    newService?: {
      /** Grafana, for the dashboard links in catalog-info.yaml; default https://grafana.<org>.example. */
      grafanaBaseUrl?: string;
      /** Registry path images are pushed to, e.g. ghcr.io/acme. */
      imageRegistry?: string;
    };
    /**
     * Settings of the engineer-onboarding golden path's actions. The triggers (Okta, the HR
     * webhook) are documented by @runway/plugin-onboarding-backend.
     */
    onboarding?: {
      /** Time zone for teams without a runway.dev/time-zone annotation; default UTC. */
      timeZone?: string;
      slack?: {
        /** Channels every engineer joins besides their team's; default ['#general']. */
        companyChannels?: string[];
      };
      // WELCOME_EMAIL_SCHEMA
    };
  };
}
