import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a mutation inside an audit event: success when it returns, fail (with the error) when it
 * throws. The same shape as the environments plugin's (plugins do not import each other).
 */
export async function audited<T>(
  auditor: AuditorService,
  options: { eventId: string; request: Request; meta: JsonObject },
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
