/**
 * Annotates a Component whose Terraform pull request was applied: `runway.dev/provisioned-at`
 * (when) and `runway.dev/terraform-pull-request` (which), from the delivery plugin's follow-ups.
 * A Component without one loses those annotations if it wrote them itself (only the delivery
 * plugin says a Component was provisioned); a failed read leaves it as it is, and is logged.
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
    if (!applied?.appliedAt) return withoutProvisioning(entity);
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

const PROVISIONING_ANNOTATIONS = [
  PROVISIONED_AT_ANNOTATION,
  TERRAFORM_PULL_REQUEST_ANNOTATION,
];

/** The entity without self-written provisioning annotations; the same object when it has none. */
function withoutProvisioning(entity: Entity): Entity {
  const annotations = entity.metadata.annotations ?? {};
  if (!PROVISIONING_ANNOTATIONS.some(key => key in annotations)) return entity;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: Object.fromEntries(
        Object.entries(annotations).filter(
          ([key]) => !PROVISIONING_ANNOTATIONS.includes(key),
        ),
      ),
    },
  };
}
