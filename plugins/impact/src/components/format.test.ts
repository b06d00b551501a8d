import { entityName, formatDuration, formatValue } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [59 * SECOND, '59 s'],
    [MINUTE, '1 min'],
    [90 * SECOND, '1.5 min'],
    [12 * MINUTE, '12 min'],
    [59.9 * MINUTE, '59.9 min'],
    [HOUR, '1 h'],
    [3.5 * HOUR, '3.5 h'],
    [47 * HOUR, '47 h'],
    [2 * DAY, '2 days'],
    [2.1 * DAY, '2.1 days'],
    [1234 * DAY, '1,234 days'],
  ])('formats %p ms as %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('switches unit where the rounded value reaches the next one, never saying 60 s or 60 min', () => {
    expect(formatDuration(59_499)).toBe('59 s');
    expect(formatDuration(59_500)).toBe('1 min');
    expect(formatDuration(MINUTE)).toBe('1 min');
    expect(formatDuration(59.94 * MINUTE)).toBe('59.9 min');
    expect(formatDuration(59.95 * MINUTE)).toBe('1 h');
    expect(formatDuration(HOUR)).toBe('1 h');
    expect(formatDuration(47.94 * HOUR)).toBe('47.9 h');
    expect(formatDuration(47.95 * HOUR)).toBe('2 days');
    expect(formatDuration(2 * DAY)).toBe('2 days');
  });

  it('keeps at most one decimal', () => {
    expect(formatDuration(12.345 * MINUTE)).toBe('12.3 min');
    expect(formatDuration(36.06 * HOUR)).toBe('36.1 h');
  });
});

describe('formatValue', () => {
  it('shows an en dash when nothing was measured, whatever the unit', () => {
    for (const unit of [
      'duration',
      'count',
      'percent',
      'money',
      'perWeek',
    ] as const) {
      expect(formatValue(undefined, unit, 'EUR')).toBe('–');
    }
  });

  it('formats a duration as formatDuration does', () => {
    expect(formatValue(12 * MINUTE, 'duration', 'EUR')).toBe('12 min');
    expect(formatValue(3 * DAY, 'duration', 'EUR')).toBe('3 days');
  });

  it('formats a count as the plain number', () => {
    expect(formatValue(0, 'count', 'EUR')).toBe('0');
    expect(formatValue(7, 'count', 'EUR')).toBe('7');
  });

  it('rounds a percent to a whole number', () => {
    expect(formatValue(0, 'percent', 'EUR')).toBe('0 %');
    expect(formatValue(66.666, 'percent', 'EUR')).toBe('66.6 %');
    // Not "100 %" while some runs failed.
    expect(formatValue(99.96, 'percent', '')).toBe('99.9 %');
    expect(formatValue(100, 'percent', '')).toBe('100 %');
    expect(formatValue(99.6, 'percent', '')).toBe('99.6 %');
    expect(formatValue(100, 'percent', 'EUR')).toBe('100 %');
  });

  it('formats money with two decimals, thousands separators and the currency', () => {
    expect(formatValue(1234.5, 'money', 'EUR')).toBe('1,234.50 EUR');
    expect(formatValue(0, 'money', 'GBP')).toBe('0.00 GBP');
    expect(formatValue(12.346, 'money', 'USD')).toBe('12.35 USD');
  });

  it('formats money without a trailing space when there is no currency', () => {
    expect(formatValue(42, 'money', '')).toBe('42.00');
  });

  it('formats a weekly rate with at most one decimal', () => {
    expect(formatValue(3, 'perWeek', 'EUR')).toBe('3 a week');
    expect(formatValue(10 / 3, 'perWeek', 'EUR')).toBe('3.3 a week');
    expect(formatValue(0, 'perWeek', 'EUR')).toBe('0 a week');
  });
});

describe('entityName', () => {
  it('keeps only the name of a full entity ref', () => {
    expect(entityName('template:default/new-service')).toBe('new-service');
    expect(entityName('group:default/payments')).toBe('payments');
    expect(entityName('group:platform/ledger')).toBe('ledger');
  });

  it('leaves a key without a namespace as it is', () => {
    expect(entityName('unowned')).toBe('unowned');
  });
});
