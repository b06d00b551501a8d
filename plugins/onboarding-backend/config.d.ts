export interface Config {
  runway?: {
    onboarding?: {
      /** The golden paths' templates. */
      templates?: {
        /** Default template:default/engineer-onboarding. */
        onboard?: string;
        /** Default template:default/engineer-offboarding. */
        offboard?: string;
      };
      /** Okta's event hook; without it /api/onboarding/okta/hook answers 404. */
      okta?: {
        /** false turns this trigger off (production does, for what it does not set up); default true. */
        enabled?: boolean;
        /** The header Okta sends the secret in; default Authorization. */
        hookHeader?: string;
        /**
         * The header's value configured on the event hook in Okta (16 characters or more).
         * @visibility secret
         */
        hookSecret?: string;
        /** https://<company>.okta.com, to read the person from the Users API. */
        orgUrl?: string;
        /**
         * An Okta API token with read access to users.
         * @visibility secret
         */
        apiToken?: string;
        /**
         * Turns on the reconciliation poll: people created or deprovisioned after this date
         * (e.g. 2026-12-01) get a run even when the event hook never arrived.
         */
        reconcileSince?: string;
        /** Minutes between polls; default 15. */
        reconcileIntervalMinutes?: number;
        /** Profile attributes holding what onboarding needs; defaults in docs/onboarding.md. */
        profileAttributes?: {
          githubLogin?: string;
          team?: string;
          manager?: string;
          buddy?: string;
          startDate?: string;
          timeZone?: string;
        };
      };
      /** Microsoft Graph change notifications on /users; without it /api/onboarding/graph/notifications answers 404. */
      graph?: {
        /** false turns this trigger off (production does, for what it does not set up); default true. */
        enabled?: boolean;
        tenantId: string;
        /** The app registration (application permission User.Read.All). */
        clientId: string;
        /**
         * The app registration's client secret.
         * @visibility secret
         */
        clientSecret: string;
        /**
         * Sent with the subscription and checked on every notification (16 characters or more).
         * @visibility secret
         */
        clientState: string;
        /** Runway's public URL of /api/onboarding/graph/notifications. */
        notificationUrl: string;
        /** Default https://graph.microsoft.com/v1.0. */
        apiBaseUrl?: string;
        /** Default https://login.microsoftonline.com/<tenantId>/oauth2/v2.0/token. */
        tokenUrl?: string;
        /**
         * Turns on the reconciliation poll (every 15 minutes): people created or deleted after
         * this date (e.g. 2026-12-01), and disabled accounts Runway onboarded, get a run even
         * when their notification never arrived.
         */
        reconcileSince?: string;
        /** Dotted paths into the Graph user; defaults in docs/onboarding.md. */
        profileAttributes?: {
          githubLogin?: string;
          team?: string;
          buddy?: string;
          startDate?: string;
        };
      };
      /** The signed webhook for HR systems; without it /api/onboarding/hr/events answers 404. */
      hrWebhook?: {
        /** false turns this trigger off (production does, for what it does not set up); default true. */
        enabled?: boolean;
        /**
         * The HMAC-SHA256 secret shared with the HR system (16 characters or more).
         * @visibility secret
         */
        secret?: string;
      };
      /** Seconds between passes that start received runs; default 30. */
      workerIntervalSeconds?: number;
      /**
       * Days an onboarding run and a trigger's delivery are kept; default 365. A daily job deletes
       * older deliveries, and older finished runs (with their first-day tasks and milestones)
       * except each person's latest run of each direction.
       */
      retentionDays?: number;
      /** Turns the daily prune off (runs and deliveries are then kept forever); default true. */
      pruneEnabled?: boolean;
      /** Seconds between checks of the hires' sandboxes for the "sandbox ready" milestone; default 60. */
      sandboxCheckIntervalSeconds?: number;
    };
  };
}
