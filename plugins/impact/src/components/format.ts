import type { FigureUnit } from '@runway/plugin-impact-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const oneDecimal = (n: number) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** A duration as a person says it: 45 s, 12 min, 3.5 h, 2.1 days (the unit of the rounded value). */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round((ms / MINUTE) * 10) / 10;
  if (minutes < 60) return `${oneDecimal(minutes)} min`;
  const hours = Math.round((ms / HOUR) * 10) / 10;
  if (hours < 48) return `${oneDecimal(hours)} h`;
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
      // One decimal, rounded down: 99.96 % of runs succeeding never reads as all of them.
      return `${oneDecimal(Math.floor(value * 10) / 10)} %`;
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
