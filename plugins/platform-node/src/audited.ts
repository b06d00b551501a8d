import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';

/**
 * Runs a mutation inside an audit event: success when it returns, fail (with the error: a refusal,
 * bad input or a conflict) when it throws. Refused attempts are audited like allowed ones.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: Pick<
    AuditorServiceCreateEventOptions,
    'eventId' | 'request' | 'meta'
  >,
  mutation: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: options.eventId,
    severityLevel: 'medium',
    request: options.request,
    meta: options.meta,
  });
  try {
    const result = await mutation();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
