import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FollowupView,
  PROVISIONED_AT_ANNOTATION,
  TERRAFORM_PULL_REQUEST_ANNOTATION,
} from '@runway/plugin-delivery-common';
import { DeliveryAnnotationProcessor } from './DeliveryAnnotationProcessor';
import { DeliveryApiClient } from './DeliveryApiClient';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', annotations },
  spec: {},
});

const processorAnswering = (answer: () => Promise<FollowupView | undefined>) =>
  new DeliveryAnnotationProcessor({
    client: { appliedFollowup: answer } as unknown as DeliveryApiClient,
    logger: mockServices.logger.mock(),
  });

describe('DeliveryAnnotationProcessor', () => {
  it('removes the provisioning annotations a Component wrote itself when no applied follow-up backs them', async () => {
    const processor = processorAnswering(async () => undefined);
    const forged = component({
      'backstage.io/techdocs-ref': 'dir:.',
      [PROVISIONED_AT_ANNOTATION]: '2026-01-01T00:00:00.000Z',
      [TERRAFORM_PULL_REQUEST_ANNOTATION]: 'https://evil.example/pull/1',
    });
    const processed = await processor.preProcessEntity(forged);
    expect(processed.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
    });
  });

  it('replaces self-written values with the applied follow-up’s', async () => {
    const processor = processorAnswering(
      async () =>
        ({
          appliedAt: '2026-12-01T09:00:00.000Z',
          pullRequest: {
            number: 7,
            url: 'https://github.com/acme/platform-config/pull/7',
          },
          state: 'applied',
        } as FollowupView),
    );
    const processed = await processor.preProcessEntity(
      component({
        [TERRAFORM_PULL_REQUEST_ANNOTATION]: 'https://evil.example',
      }),
    );
    expect(processed.metadata.annotations).toEqual({
      [PROVISIONED_AT_ANNOTATION]: '2026-12-01T09:00:00.000Z',
      [TERRAFORM_PULL_REQUEST_ANNOTATION]:
        'https://github.com/acme/platform-config/pull/7',
    });
  });

  it('leaves a Component without them as it is', async () => {
    const processor = processorAnswering(async () => undefined);
    const plain = component({ 'backstage.io/techdocs-ref': 'dir:.' });
    expect(await processor.preProcessEntity(plain)).toBe(plain);
  });
});
