import type { FigureUnit } from '@runway/plugin-impact-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const oneDecimal = (n: number) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** A duration as a person says it: 45 s, 12 min, 3.5 h, 2.1 days. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${oneDecimal(ms / MINUTE)} min`;
  if (ms < 2 * DAY) return `${oneDecimal(ms / HOUR)} h`;
  return `${oneDecimal(ms / DAY)} days`;
}

/** A figure's value in its unit, or an en dash when nothing was measured. */
export function formatValue(
  value: number | undefined,
  unit: FigureUnit,
  currency: string,
): string {
  if (value === undefined) return '–';
  switch (unit) {
    case 'duration':
      return formatDuration(value);
    case 'percent':
      return `${Math.round(value)} %`;
    case 'money':
      return `${value.toLocaleString('en-GB', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      })} ${currency}`.trim();
    case 'perWeek':
      return `${oneDecimal(value)} a week`;
    default:
      return String(value);
  }
}

/** `template:default/new-service` → `new-service`. */
export function entityName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
