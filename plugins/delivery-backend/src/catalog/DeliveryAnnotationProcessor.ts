/**
 * Annotates a Component whose Terraform pull request was applied: `runway.dev/provisioned-at`
 * (when) and `runway.dev/terraform-pull-request` (which), from the delivery plugin's follow-ups.
 * A Component without one is left as it is; a failed read leaves it too, and is logged.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  PROVISIONED_AT_ANNOTATION,
  TERRAFORM_PULL_REQUEST_ANNOTATION,
} from '@runway/plugin-delivery-common';
import { DeliveryApiClient } from './DeliveryApiClient';

export class DeliveryAnnotationProcessor implements CatalogProcessor {
  constructor(
    private readonly deps: { client: DeliveryApiClient; logger: LoggerService },
  ) {}

  getProcessorName(): string {
    return 'RunwayDeliveryAnnotationProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return entity;
    const entityRef = stringifyEntityRef(entity);
    let applied;
    try {
      applied = await this.deps.client.appliedFollowup(entityRef);
    } catch (error) {
      this.deps.logger.warn(
        `Could not read the provisioning follow-up of ${entityRef}: ${error}`,
      );
      return entity;
    }
    if (!applied?.appliedAt) return entity;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [PROVISIONED_AT_ANNOTATION]: applied.appliedAt,
          [TERRAFORM_PULL_REQUEST_ANNOTATION]: applied.pullRequest.url,
        },
      },
    };
  }
}
