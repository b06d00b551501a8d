import { render, screen } from '@testing-library/react';
import { StateChip } from './StateChip';

describe('StateChip', () => {
  it.each([
    'provisioning',
    'active',
    'failed',
    'expiring',
    'tearing-down',
    'destroyed',
  ] as const)('shows the state %s', state => {
    render(<StateChip state={state} />);
    expect(screen.getByText(state)).toBeInTheDocument();
  });
});
