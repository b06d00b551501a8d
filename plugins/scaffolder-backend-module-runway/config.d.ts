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
  };
}
