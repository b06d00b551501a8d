import { createMockDirectory } from '@backstage/backend-test-utils';
import { globToRegExp, readInputs } from './readInputs';

const mockDir = createMockDirectory();

describe('readInputs', () => {
  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      'deploy/api.yaml': 'kind: A',
      'deploy/worker.yml': 'kind: B',
      'deploy/notes.md': '# not read from a directory walk',
      'infra/main.tf': 'resource',
      'infra/.terraform/modules/x/main.tf': 'vendored',
      'node_modules/pkg/deploy.yaml': 'vendored',
      '.git/config.json': '{}',
      'catalog-info.yaml': 'kind: Component',
    });
  });

  it('walks directories for manifests, Terraform and JSON, skipping vendored folders', async () => {
    const inputs = await readInputs(['.'], mockDir.path);
    expect(inputs.map(i => i.path)).toEqual([
      'catalog-info.yaml',
      'deploy/api.yaml',
      'deploy/worker.yml',
      'infra/main.tf',
    ]);
    expect(inputs[0].content).toBe('kind: Component');
  });

  it('reads a file named explicitly whatever its type, once, and expands globs', async () => {
    const inputs = await readInputs(
      ['deploy/notes.md', 'deploy/*.y*ml', 'deploy/api.yaml', '**/main.tf'],
      mockDir.path,
    );
    expect(inputs.map(i => i.path)).toEqual([
      'deploy/api.yaml',
      'deploy/notes.md',
      'deploy/worker.yml',
      'infra/main.tf',
    ]);
  });

  it('gives absolute paths outside cwd and refuses a path that does not exist', async () => {
    const inputs = await readInputs(
      [mockDir.resolve('infra')],
      mockDir.resolve('deploy'),
    );
    expect(inputs.map(i => i.path)).toEqual([mockDir.resolve('infra/main.tf')]);
    await expect(readInputs(['missing.yaml'], mockDir.path)).rejects.toThrow(
      /missing.yaml does not exist/,
    );
  });

  it('translates globs', () => {
    expect(globToRegExp('/a/**/*.{yaml,yml}').test('/a/b/c/x.yml')).toBe(true);
    expect(globToRegExp('/a/**/*.{yaml,yml}').test('/a/x.yaml')).toBe(true);
    expect(globToRegExp('/a/*.yaml').test('/a/b/x.yaml')).toBe(false);
    expect(globToRegExp('/a/[!x]?.tf').test('/a/ab.tf')).toBe(true);
  });
});
