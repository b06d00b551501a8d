/**
 * What an Application's status means for whoever waits on it: `healthy` (Synced and Healthy),
 * `failed` with Argo CD's own words (Degraded, a failed sync operation, or an error condition such
 * as ComparisonError), or `waiting` for anything else (Progressing, OutOfSync, not there yet).
 */
import { ArgoCdApplication } from './types';

export type ArgoCdVerdict =
  | { verdict: 'healthy' }
  | { verdict: 'failed'; reason: string }
  | { verdict: 'waiting'; status: string };

/** Condition types Argo CD raises when it cannot deploy the Application as specified. */
const ERROR_CONDITION = /Error$/;

export function applicationVerdict(
  application: ArgoCdApplication | undefined,
): ArgoCdVerdict {
  if (!application) return { verdict: 'waiting', status: 'absent' };
  const status = application.status ?? {};
  const health = status.health?.status ?? 'Unknown';
  const sync = status.sync?.status ?? 'Unknown';
  const error = status.conditions?.find(c => ERROR_CONDITION.test(c.type));
  if (error) {
    return { verdict: 'failed', reason: conditionText(error) };
  }
  const operation = status.operationState;
  if (
    operation &&
    (operation.phase === 'Failed' || operation.phase === 'Error')
  ) {
    return {
      verdict: 'failed',
      reason: `sync ${operation.phase.toLowerCase()}: ${
        operation.message ?? 'no message'
      }`,
    };
  }
  if (health === 'Degraded') {
    return {
      verdict: 'failed',
      reason: `Degraded${
        status.health?.message ? `: ${status.health.message}` : ''
      }`,
    };
  }
  if (health === 'Healthy' && sync === 'Synced') return { verdict: 'healthy' };
  return { verdict: 'waiting', status: `${sync}/${health}` };
}

/** Argo CD's messages usually start with the condition type already. */
function conditionText(condition: { type: string; message?: string }) {
  const message = condition.message ?? '';
  return message.startsWith(condition.type)
    ? message
    : `${condition.type}: ${message || 'no message'}`;
}
