import { HumanDuration } from '@backstage/types';

export interface Config {
  runway?: {
    /**
     * Provisioning follow-ups (plugins/delivery-backend): a golden path's Terraform pull request in
     * platform-config (`runway.github.org`/`runway.github.platformConfigRepo`) followed to its
     * apply. Messages use `runway.slack` when it is set; links point at `app.baseUrl`.
     */
    delivery?: {
      /** The commit status context Atlantis sets when it applies; default `atlantis/apply`. */
      applyStatusContext?: string;
      /**
       * GitHub logins of Atlantis (its bot user): only their "Ran Apply" comments and their
       * `applyStatusContext` statuses count. Unset, any comment of that shape and any such status
       * counts, whoever wrote it (the backend warns at start): set it in production.
       */
      atlantisLogins?: string[];
      /** Turns the reminder job off; default true. */
      remindersEnabled?: boolean;
      /**
       * How long a pull request may stay unapplied before its requester is reminded, and the
       * time between reminders, e.g. { hours: 24 } or 'P1D'; default 24 hours, at least a minute.
       */
      reminderAfter?: HumanDuration | string;
      /** How often the reminder job looks, e.g. { minutes: 15 } or 'PT15M'; default 15 minutes. */
      reminderInterval?: HumanDuration | string;
    };
  };
}
