import { HumanDuration } from '@backstage/types';

export interface Config {
  runway?: {
    /**
     * Ephemeral environments: what their manifests look like, how they are delivered, their quotas
     * and lifetimes. Read by @runway/plugin-environments-node for the `environment:create` action
     * and the environments plugin alike; the lifecycle and cost keys are in the plugin's config.d.ts.
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
        /** GitOps: the repository in runway.github.org; default runway.github.platformConfigRepo. */
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
        /**
         * Argo CD's address (its API is under <url>/api/v1). With it and GitOps delivery, an
         * environment becomes active only once all its Applications report Synced and Healthy,
         * and failed (with Argo CD's message) when one is Degraded or not Healthy in time; without
         * it, an environment is active as soon as its manifests are delivered.
         */
        url?: string;
        /**
         * Bearer token of an Argo CD account that may get applications (read-only is enough).
         * @visibility secret
         */
        token?: string;
        /** Milliseconds one Argo CD request may take before it counts as no answer; default 10000. */
        requestTimeoutMs?: number;
        /** Turns the health watcher off (environments are then never marked ready by it); default true. */
        watchHealth?: boolean;
        /** How often the environments plugin asks Argo CD about provisioning environments; default every 10 seconds. */
        healthInterval?: HumanDuration | string;
        /** A provisioning environment not Healthy this long after its lease was recorded fails; default 15 minutes. */
        readyTimeout?: HumanDuration | string;
      };
      /** Image of the fixtures Job (pinned by tag or digest; the policy gate refuses :latest); default ghcr.io/<org>/runway-fixtures:1.0.0. */
      fixturesImage?: string;
      /** Lifetime of a new environment when the request names none; default 7. */
      defaultLifetimeDays?: number;
      /** No environment lives longer than this after its creation, extensions included; default 30. */
      maxLifetimeDays?: number;
      /**
       * Kubernetes: the prefix the cluster's authenticator puts before user names (e.g. "oidc:"),
       * for a sandbox's RoleBinding, which binds its engineer as the user
       * `<kubernetesUserPrefix><name of their User entity>`; default none.
       */
      kubernetesUserPrefix?: string;
      /** Quota per environment type (what its namespace may use, and what it is charged for); defaults feature 2 cores / 4 GiB, staging 4 / 8, performance 16 / 32, sandbox 1 / 2. */
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
        /** One engineer's sandbox (made by onboarding, no expiry); default 1 core / 2 GiB. */
        sandbox?: {
          quota?: {
            /** CPU cores. */
            cpuCores?: number;
            /** Memory in GiB. */
            memoryGiB?: number;
          };
        };
      };
    };
  };
}
