import { NotificationService } from '@backstage/plugin-notifications-node';
import { EnvironmentRecord } from '../database/EnvironmentStore';
import { environmentLinks } from '../lifecycle/ExpiryNotifier';

/** Tells the requester and the owner team that their environment failed, and why. */
export interface FailureNotifier {
  failed(env: EnvironmentRecord, reason: string): Promise<void>;
}

export class NotificationFailureNotifier implements FailureNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      appBaseUrl: string;
    },
  ) {}

  async failed(env: EnvironmentRecord, reason: string): Promise<void> {
    const links = environmentLinks(this.deps.appBaseUrl, env.name);
    await this.deps.notifications.send({
      recipients: {
        type: 'entity',
        entityRef: [...new Set([env.requestedBy, env.ownerTeam])],
      },
      payload: {
        title: `Environment ${env.name} failed`,
        description: `Argo CD did not report it healthy: ${reason}. It still holds its resources until it is destroyed or expires: ${links.pageUrl}`,
        link: links.page,
        severity: 'high',
        topic: 'environments',
        // One per environment: a second send (never expected) replaces the first.
        scope: `environment-failed:${env.id}`,
        metadata: { environment: env.name },
      },
    });
  }
}
