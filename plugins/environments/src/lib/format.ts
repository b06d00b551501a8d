import { parseEntityRef } from '@backstage/catalog-model';
import { EnvironmentView } from '@runway/plugin-environments-common';

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
    }).format(amount);
  } catch {
    // Not an ISO 4217 code (the rate config is free text): show it as it is.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export function formatDateTime(date: string | Date): string {
  return new Date(date).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export const daysLabel = (days: number) =>
  days === 1 ? '1 day' : `${days} days`;

/** `component:default/checkout-api` → `checkout-api`. */
export function entityName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** The URL of one service of the environment (urls are keyed by service name). */
export function serviceUrl(
  env: Pick<EnvironmentView, 'urls'>,
  entityRef: string,
): string | undefined {
  return env.urls[entityName(entityRef)];
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
