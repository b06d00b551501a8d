import { Entity } from '@backstage/catalog-model';
import { repositoryOf } from './repositoryOf';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
  spec: {},
});

const at = (annotations: Record<string, string>) =>
  repositoryOf(component(annotations), {
    defaultHost: 'github.com',
    isGithubHost: host => host === 'github.com',
  });

describe('repositoryOf', () => {
  it('reads the registration URL: repository and file', () => {
    expect(
      at({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/svc/blob/main/catalog-info.yaml',
      }),
    ).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'svc',
      catalogInfo: { path: 'catalog-info.yaml', ref: 'main' },
    });
  });

  it.each([
    [
      'a malformed %-escape',
      'url:https://github.com/acme/svc/blob/main/%E0.yaml',
    ],
    [
      'an encoded slash',
      'url:https://github.com/acme%2F..%2Fx/svc/blob/main/a.yaml',
    ],
    [
      'a control character',
      'url:https://github.com/acme/svc/blob/main/%1B%5B2J.yaml',
    ],
  ])(
    'names no repository for %s (nothing odd reaches the GitHub API)',
    (_, location) => {
      expect(
        at({ 'backstage.io/managed-by-location': location }),
      ).toBeUndefined();
    },
  );

  it('takes a .. in the URL as the URL parser resolves it, never as a path GitHub sees', () => {
    expect(
      at({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/svc/blob/main/%2E%2E/a.yaml',
      }),
    ).toEqual({ host: 'github.com', owner: 'acme', repo: 'svc' });
  });

  it('refuses . and .. as a project slug’s owner or repository', () => {
    expect(at({ 'github.com/project-slug': '../..' })).toBeUndefined();
    expect(at({ 'github.com/project-slug': 'acme/..' })).toBeUndefined();
    expect(at({ 'github.com/project-slug': 'acme/svc' })).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'svc',
    });
  });
});
