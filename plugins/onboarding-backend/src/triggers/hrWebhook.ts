/**
 * A signed webhook for HR systems that are not an identity provider. The sender signs
 * `<timestamp>.<raw body>` with HMAC-SHA256 and the shared secret, and sends
 * `X-Runway-Timestamp: <unix seconds>` and `X-Runway-Signature: v1=<hex>`. A request older or
 * newer than five minutes is refused (a captured request cannot be replayed later), and each
 * event id is accepted once (nor within the window).
 *
 * Body: `{ "id": "<event id>", "type": "hire" | "leave", "person": { idpUserId, name, email,
 * githubLogin, team, manager, buddy?, startDate, timeZone? } }`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Person } from '@runway/plugin-onboarding-common';
import { RunRequest } from '../database/OnboardingStore';

export const HR_WINDOW_MS = 5 * 60_000;

/** Why the signature is refused, or undefined when it is good. */
export function hrSignatureProblem(options: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  now: Date;
}): string | undefined {
  const { secret, timestamp, signature, rawBody, now } = options;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    return 'X-Runway-Timestamp is missing or not unix seconds';
  }
  const skew = Math.abs(now.getTime() - Number(timestamp) * 1000);
  if (skew > HR_WINDOW_MS) {
    return 'X-Runway-Timestamp is more than five minutes away from now';
  }
  const presented = /^v1=([0-9a-f]{64})$/.exec(signature ?? '')?.[1];
  if (!presented) return 'X-Runway-Signature is missing or not v1=<hex>';
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(rawBody)
    .digest();
  return timingSafeEqual(Buffer.from(presented, 'hex'), expected)
    ? undefined
    : 'X-Runway-Signature does not match the body';
}

/** The signature an HR system sends; also what tests and the devstack sign with. */
export function signHrRequest(secret: string, timestamp: number, body: string) {
  return `v1=${createHmac('sha256', secret)
    .update(`${timestamp}.${body}`)
    .digest('hex')}`;
}

/** The run request in a verified body; throws naming the field when the body is malformed. */
export function hrRunRequest(body: unknown): RunRequest {
  const b = body as { id?: unknown; type?: unknown; person?: unknown };
  if (typeof b?.id !== 'string' || !b.id) {
    throw new Error('id: the event id is missing (a string, unique per event)');
  }
  if (b.type !== 'hire' && b.type !== 'leave') {
    throw new Error('type: must be "hire" or "leave"');
  }
  const person = b.person as Partial<Person> | undefined;
  if (typeof person?.idpUserId !== 'string' || !person.idpUserId) {
    throw new Error(
      'person.idpUserId: missing; send the person’s id in the identity provider',
    );
  }
  return {
    deliveryId: `hr:${b.id}`,
    idpUserId: person.idpUserId,
    kind: b.type === 'hire' ? 'onboard' : 'offboard',
    source: 'hr',
    person: person as Person,
  };
}
