import { formatLeadTime } from './milestones';

const MINUTE = 60_000;

describe('formatLeadTime', () => {
  it('says lead times as people do', () => {
    expect(formatLeadTime(20_000)).toBe('under a minute');
    expect(formatLeadTime(12 * MINUTE + 59_000)).toBe('12 min');
    expect(formatLeadTime(72 * MINUTE)).toBe('1 h 12 min');
    expect(formatLeadTime(120 * MINUTE)).toBe('2 h');
    expect(formatLeadTime((3 * 24 + 4) * 60 * MINUTE + 5 * MINUTE)).toBe(
      '3 d 4 h',
    );
    expect(formatLeadTime(2 * 24 * 60 * MINUTE)).toBe('2 d');
  });

  it('never says a negative or unknown time', () => {
    expect(formatLeadTime(-5 * MINUTE)).toBe('under a minute');
    expect(formatLeadTime(Number.NaN)).toBe('under a minute');
  });
});
