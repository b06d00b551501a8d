import { act, render, screen } from '@testing-library/react';
import { TimeLeft } from './TimeLeft';

describe('TimeLeft', () => {
  const start = new Date('2026-11-20T10:00:00Z');

  beforeEach(() => jest.useFakeTimers({ now: start }));
  afterEach(() => jest.useRealTimers());

  it('counts down every second and turns to "expired" at the expiry', () => {
    render(
      <TimeLeft
        env={{ state: 'expiring', expiresAt: '2026-11-20T10:00:03Z' }}
      />,
    );
    expect(screen.getByText('0m 3s')).toBeInTheDocument();
    expect(screen.getByTitle('Less than a day left')).toBeInTheDocument();

    act(() => jest.advanceTimersByTime(1000));
    expect(screen.getByText('0m 2s')).toBeInTheDocument();

    act(() => jest.advanceTimersByTime(2000));
    expect(screen.getByText('expired')).toBeInTheDocument();
  });

  it('is not highlighted while more than a day is left', () => {
    render(
      <TimeLeft env={{ state: 'active', expiresAt: '2026-11-22T12:30:00Z' }} />,
    );
    expect(screen.getByText('2d 2h 30m')).toBeInTheDocument();
    expect(screen.queryByTitle('Less than a day left')).not.toBeInTheDocument();
  });

  it('says "tearing down" instead of a countdown once the teardown has started', () => {
    render(
      <TimeLeft
        env={{ state: 'tearing-down', expiresAt: '2026-11-20T09:00:00Z' }}
      />,
    );
    expect(screen.getByText('tearing down')).toBeInTheDocument();
  });
});
