import { HumanDuration } from '@backstage/types';

export interface Config {
  runway?: {
    /**
     * Ephemeral environments (plugins/environments-backend). Slack warnings use `runway.slack`
     * (token, apiUrl) when it is set; links point at `app.baseUrl`.
     */
    environments?: {
      /** DNS zone of environments: services answer at https://<service>.<environment>.<baseDomain>; default env.<runway.github.org>.example. */
      baseDomain?: string;
      /** How `environment:create` delivers manifests, and how the lifecycle tears them down. */
      delivery?: {
        /**
         * gitops (default): platform-config's environments/<name>/ (runway.github host and org),
         * synced by Argo CD; direct: server-side apply to a cluster of kubernetes.clusterLocatorMethods.
         */
        mode?: 'gitops' | 'direct';
        /** GitOps: push (default) commits on the default branch; pull-request opens one per environment (teardown always commits). */
        via?: 'push' | 'pull-request';
        /** GitOps: the repository in runway.github.org; default runway.newService.platformConfigRepo, else platform-config. */
        platformConfigRepo?: string;
        /** Direct: the cluster's name under kubernetes.clusterLocatorMethods (type config); may be left out when there is one. */
        cluster?: string;
      };
      /** The Ingress of every environment. */
      ingress?: {
        /** IngressClass; default nginx. */
        className?: string;
        /** Namespace of the ingress controller, allowed in by each environment's NetworkPolicy; default ingress-nginx. */
        controllerNamespace?: string;
      };
      /** Argo CD, which deploys each service of an environment from its branch. */
      argocd?: {
        /** Namespace Argo CD watches for Applications; default argocd. */
        namespace?: string;
        /** AppProject of the environments' Applications; default runway-environments. */
        project?: string;
        /** Cluster the Applications deploy to; default https://kubernetes.default.svc. */
        destinationServer?: string;
      };
      /** Image of the fixtures Job (pinned by tag or digest; the policy gate refuses :latest); default ghcr.io/<org>/runway-fixtures:1.0.0. */
      fixturesImage?: string;
      /** Members may extend and destroy every environment; default group:default/platform. */
      adminGroup?: string;
      /** Lifetime of a new environment when the request names none; default 7. */
      defaultLifetimeDays?: number;
      /** No environment lives longer than this after its creation, extensions included; default 30. */
      maxLifetimeDays?: number;
      /** How long before expiry the owner team is warned; default 24. */
      warnBeforeHours?: number;
      /** Feature environments without activity (push, deploy, keep-alive) for this long are torn down; default 24. */
      idleHours?: number;
      /** How long before an idle teardown the owner team is warned; less than idleHours; default 4. */
      idleWarnBeforeHours?: number;
      /** Turns the lifecycle job (warnings and teardowns) off; default true. */
      sweepEnabled?: boolean;
      /** How often the lifecycle job runs, e.g. { minutes: 1 } or 'PT1M'; default every minute. */
      sweepInterval?: HumanDuration | string;
      /** Quota per environment type (what its namespace may use, and what it is charged for); defaults feature 2 cores / 4 GiB, staging 4 / 8, performance 16 / 32. */
      types?: {
        feature?: {
          quota?: {
            /** CPU cores. */
            cpuCores?: number;
            /** Memory in GiB. */
            memoryGiB?: number;
          };
        };
        staging?: {
          quota?: {
            /** CPU cores. */
            cpuCores?: number;
            /** Memory in GiB. */
            memoryGiB?: number;
          };
        };
        performance?: {
          quota?: {
            /** CPU cores. */
            cpuCores?: number;
            /** Memory in GiB. */
            memoryGiB?: number;
          };
        };
      };
      /** Prices for cost showback, fixed on each environment when it is created. */
      rates?: {
        /** Price of one CPU core for one hour; default 0.04. */
        cpuHour?: number;
        /** Price of one GiB of memory for one hour; default 0.005. */
        memoryGiBHour?: number;
        /** Currency the prices are in, as shown to people; default USD. */
        currency?: string;
      };
    };
  };
}
