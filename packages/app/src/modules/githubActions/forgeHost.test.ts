import type { GithubActionsApi } from '@backstage-community/plugin-github-actions';
import { forgeHostFor, onForge } from './forgeHost';

describe('forgeHostFor', () => {
  it('sends entities without a source location to Runway’s forge', () => {
    expect(forgeHostFor(undefined, 'localhost:7070')).toBe('localhost:7070');
    expect(forgeHostFor('github.com', 'localhost:7070')).toBe('localhost:7070');
  });

  it('puts back the port the plugin drops from a source location on the forge', () => {
    expect(forgeHostFor('localhost', 'localhost:7070')).toBe('localhost:7070');
  });

  it('leaves other hosts alone', () => {
    expect(forgeHostFor('ghe.acme.example', 'github.com')).toBe(
      'ghe.acme.example',
    );
    expect(forgeHostFor('github.com', 'github.com')).toBe('github.com');
  });
});

describe('onForge', () => {
  it('asks the forge for every call, keeping the other options', async () => {
    const listWorkflowRuns = jest.fn(async () => ({ workflow_runs: [] }));
    const api = onForge(
      { listWorkflowRuns } as unknown as GithubActionsApi,
      'localhost:7070',
    );
    await api.listWorkflowRuns({
      hostname: 'github.com',
      owner: 'acme',
      repo: 'cart-service',
      branch: 'main',
    });
    expect(listWorkflowRuns).toHaveBeenCalledWith({
      hostname: 'localhost:7070',
      owner: 'acme',
      repo: 'cart-service',
      branch: 'main',
    });
  });
});
