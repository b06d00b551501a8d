/** Direct delivery: server-side apply to a cluster, and deletion by the environment's labels. */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyManifests,
  deleteEnvironmentResources,
  describeResource,
  kubeConfigFor,
} from '../kubernetes';
import * as contract from './EnvironmentDelivery';
import { DirectDeliverySettings } from './settings';

export class DirectDelivery implements contract.EnvironmentDelivery {
  constructor(
    private readonly settings: DirectDeliverySettings,
    private readonly logger: LoggerService,
  ) {}

  // Server-side apply is idempotent by itself: no checkpoint needed, and no task logger used.
  async deliver(
    request: contract.DeliveryRequest,
  ): Promise<contract.Delivered> {
    const { cluster } = this.settings;
    const applied = await applyManifests(
      kubeConfigFor(cluster),
      request.rendered.manifests,
    );
    return {
      description: `applied ${applied.length} objects on cluster ${
        cluster.name
      }: ${applied.map(describeResource).join(', ')}`,
    };
  }

  async teardown(env: contract.TeardownTarget): Promise<void> {
    const { cluster } = this.settings;
    const deleted = await deleteEnvironmentResources(
      kubeConfigFor(cluster),
      env.name,
    );
    this.logger.info(
      `Environment ${env.name}: deleted ${
        deleted.map(describeResource).join(', ') || 'nothing (already gone)'
      } on cluster ${cluster.name}.`,
    );
  }
}
