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
      /** When set, a hire's e-mail must be at one of these domains, e.g. [acme.example]. */
      emailDomains?: string[];
      /** Time zone for teams without a runway.dev/time-zone annotation; default UTC. */
      timeZone?: string;
      slack?: {
        /** Channels every engineer joins besides their team's; default ['#general']. */
        companyChannels?: string[];
      };
      /**
       * The welcome mail (`email:welcome:send`). Without this key the action is registered but
       * refuses to run, naming this key.
       */
      email?: {
        /** The SMTP server the welcome mail is sent through. */
        smtp: {
          /** Host of the SMTP server, e.g. smtp.acme.example (the devstack's: 127.0.0.1). */
          host: string;
          /** Port; default 465 when `secure`, else 587. */
          port?: number;
          /**
           * TLS from the first byte (port 465); default true when the port is 465. Otherwise
           * STARTTLS is used when offered, and required when a password is set and the host is
           * not this machine.
           */
          secure?: boolean;
          /** User to log in as; set together with `password`, or neither. */
          user?: string;
          /**
           * Password of `user`; never logged, output or shown in an error.
           * @visibility secret
           */
          password?: string;
        };
        /** Sender and organizer of the meetings, e.g. "Runway <onboarding@acme.example>". */
        from: string;
        /** The mail's handbook section; default none (the section is left out). */
        handbookLinks?: Array<{
          title: string;
          /** http(s) only. */
          url: string;
        }>;
        /** The first-day checklist; default four generic tasks. */
        firstDayTasks?: string[];
        /** IANA time zone of the meetings when a template gives none, e.g. Europe/Berlin; default UTC. */
        timeZone?: string;
      };
      /**
       * The first week's orientation meetings, sent as calendar invitations. Default: Welcome and
       * laptop setup (day 0, 10:00, manager), Architecture tour (day 1, 14:00, buddy), Platform and
       * deploy walkthrough (day 2, 11:00, buddy), 60 minutes each.
       */
      orientation?: Array<{
        title: string;
        /** Days after the start date, 0 to 30 (0 = first day); a weekend day moves to the next Monday. */
        dayOffset: number;
        /** Local time in the team's time zone, HH:MM (24-hour). */
        time: string;
        /** 5 to 480. */
        durationMinutes: number;
        /** Who attends besides the new hire; 'buddy' falls back to the manager when there is none. */
        with: 'buddy' | 'manager';
      }>;
    };
  };
}
