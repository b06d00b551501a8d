import { Entity } from '@backstage/catalog-model';

export const PAGERDUTY_ANNOTATION = 'pagerduty.com/service-id';
export const GRAFANA_ANNOTATION = 'grafana/overview-dashboard';
export const TECHDOCS_ANNOTATION = 'backstage.io/techdocs-ref';

/** One row of the Operate card: a link when its target is safe to follow, else why not. */
export interface OperateLink {
  label: 'On-call' | 'Dashboard' | 'Runbook';
  /** An https URL, or a path inside the portal. */
  href?: string;
  /** What the row says instead of a link (a bad or missing annotation). */
  problem?: string;
}

/** The URL when it parses and is https with no credentials in it; anything else is not a link. */
export function httpsUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password)
    return undefined;
  return url.toString();
}

// PagerDuty service ids are short upper-case alphanumerics (e.g. PGZFQDQ).
const PAGERDUTY_ID = /^[A-Z0-9]{1,20}$/;

function onCall(entity: Entity, pagerDutyBaseUrl?: string): OperateLink {
  const id = entity.metadata.annotations?.[PAGERDUTY_ANNOTATION];
  if (!id) return { label: 'On-call', problem: `no ${PAGERDUTY_ANNOTATION}` };
  const base = httpsUrl(pagerDutyBaseUrl);
  if (!PAGERDUTY_ID.test(id) || !base)
    return {
      label: 'On-call',
      problem: base
        ? `${PAGERDUTY_ANNOTATION} "${id}" is not a PagerDuty service id`
        : 'no https pagerDutyBaseUrl configured for this card',
    };
  return {
    label: 'On-call',
    href: `${base.replace(/\/$/, '')}/service-directory/${id}`,
  };
}

function dashboard(entity: Entity): OperateLink {
  const value = entity.metadata.annotations?.[GRAFANA_ANNOTATION];
  if (!value)
    return { label: 'Dashboard', problem: `no ${GRAFANA_ANNOTATION}` };
  const href = httpsUrl(value);
  return href
    ? { label: 'Dashboard', href }
    : {
        label: 'Dashboard',
        problem: `${GRAFANA_ANNOTATION} is not an https URL`,
      };
}

function runbook(entity: Entity): OperateLink {
  if (!entity.metadata.annotations?.[TECHDOCS_ANNOTATION])
    return { label: 'Runbook', problem: `no ${TECHDOCS_ANNOTATION}` };
  const { kind, metadata } = entity;
  const path = [metadata.namespace ?? 'default', kind, metadata.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
  return { label: 'Runbook', href: `/docs/${path}` };
}

/** On-call, dashboard and runbook of a service, from its annotations. */
export function operateLinks(
  entity: Entity,
  options: { pagerDutyBaseUrl?: string },
): OperateLink[] {
  return [
    onCall(entity, options.pagerDutyBaseUrl),
    dashboard(entity),
    runbook(entity),
  ];
}
