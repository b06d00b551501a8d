import { render, screen } from '@testing-library/react';
import { ENVIRONMENT_STATES } from '@runway/plugin-environments-common';
import { StateChip } from './StateChip';

describe('StateChip', () => {
  it.each(ENVIRONMENT_STATES)('shows the state %s', state => {
    render(<StateChip state={state} />);
    expect(screen.getByText(state)).toBeInTheDocument();
  });
});
