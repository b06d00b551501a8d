import { formatDuration, previewExtension, timeLeft } from './lifetime';

const created = '2026-11-01T10:00:00.000Z';
const max = '2026-12-01T10:00:00.000Z'; // 30 days
const now = new Date('2026-11-20T10:00:00Z');

describe('previewExtension', () => {
  it('extends from the current expiry, like the backend', () => {
    expect(
      previewExtension(
        {
          createdAt: created,
          expiresAt: '2026-11-22T10:00:00Z',
          maxExpiresAt: max,
        },
        7,
        now,
      ),
    ).toEqual({
      expiresAt: new Date('2026-11-29T10:00:00Z'),
      capped: false,
      possible: true,
    });
  });

  it('caps at the maximum the backend reports, whatever the default is', () => {
    const tenDays = '2026-11-11T10:00:00.000Z';
    expect(
      previewExtension(
        {
          createdAt: created,
          expiresAt: '2026-11-09T10:00:00Z',
          maxExpiresAt: tenDays,
        },
        7,
        new Date('2026-11-08T10:00:00Z'),
      ),
    ).toEqual({ expiresAt: new Date(tenDays), capped: true, possible: true });
  });

  it('is impossible once the expiry is the maximum (the backend answers 409)', () => {
    expect(
      previewExtension(
        { createdAt: created, expiresAt: max, maxExpiresAt: max },
        1,
        now,
      ).possible,
    ).toBe(false);
  });
});

describe('timeLeft', () => {
  it.each([
    ['active', '2026-11-23T12:30:00Z', '3d 2h 30m', false],
    ['expiring', '2026-11-20T15:04:05Z', '5h 4m 5s', true],
    ['expiring', '2026-11-20T09:00:00Z', 'expired', true],
    ['tearing-down', '2026-11-20T09:00:00Z', 'tearing down', false],
    ['destroyed', '2026-11-20T09:00:00Z', 'destroyed', false],
  ] as const)('%s until %s shows %s', (state, expiresAt, label, urgent) => {
    expect(timeLeft({ state, expiresAt }, now)).toEqual({ label, urgent });
  });

  it('shows minutes and seconds in the last hour', () => {
    expect(formatDuration(59 * 60_000 + 1_500)).toBe('59m 1s');
  });
});
