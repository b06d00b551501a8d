/**
 * The owner edit on its own; the pull request it ends in runs end to end in
 * packages/backend/src/onboarding.test.ts (offboarding Ada, who owned ada-notes alone).
 */
import { Entity } from '@backstage/catalog-model';
import { sourceFileOf } from '../../lib/sourceFile';
import { withOwner } from './ownerReassign';

const notes: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ada-notes', namespace: 'default' },
  spec: {},
};

const FILE = `# Two entities in one file.
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: ada-notes-api
spec:
  owner: user:ada-lovelace
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: Ada-Notes
spec:
  owner: ada-lovelace # a User, written short
`;

describe('withOwner', () => {
  it('changes only the entity’s owner line, keeping comments and the other document', () => {
    expect(
      withOwner(
        FILE.replace('owner: ada-lovelace', 'owner: user:ada-lovelace'),
        notes,
        'user:default/ada-lovelace',
        'group:default/payments',
      ),
    ).toEqual({
      text: FILE.replace(
        'owner: ada-lovelace #',
        'owner: group:default/payments #',
      ),
    });
  });

  it('leaves a file whose owner is already someone else, saying so', () => {
    expect(
      withOwner(
        FILE,
        notes,
        'user:default/ada-lovelace',
        'group:default/payments',
      ),
    ).toEqual({
      // A short owner is a Group by default in the catalogue, so "ada-lovelace" is not her.
      problem:
        'its file names "ada-lovelace" as owner now, not user:default/ada-lovelace',
    });
  });

  it('says when the file no longer holds the entity', () => {
    expect(
      withOwner(
        'kind: Component\nmetadata:\n  name: other\n',
        notes,
        'user:default/ada-lovelace',
        'group:default/payments',
      ),
    ).toEqual({ problem: 'its file has no Component ada-notes' });
  });
});

describe('sourceFileOf', () => {
  it.each([
    [
      'url:https://github.com/acme/notes/blob/main/catalog-info.yaml',
      {
        owner: 'acme',
        repo: 'notes',
        branch: 'main',
        path: 'catalog-info.yaml',
      },
    ],
    [
      'url:https://github.com/acme/notes/tree/master/svc/catalog-info.yaml',
      {
        owner: 'acme',
        repo: 'notes',
        branch: 'master',
        path: 'svc/catalog-info.yaml',
      },
    ],
    [
      'url:https://github.com/acme/notes/blob/feature/catalog-info.yaml',
      undefined,
    ],
    [
      'url:https://github.com/acme/notes/blob/main/catalog-info.yaml?ref=evil',
      undefined,
    ],
    ['url:https://github.com/acme/notes/blob/main/%2e%2e/x.yaml', undefined],
    [
      'url:https://evil.example/acme/notes/blob/main/catalog-info.yaml',
      undefined,
    ],
    ['file:/tmp/catalog-info.yaml', undefined],
  ])('%s', (location, expected) => {
    expect(sourceFileOf(location, 'github.com')).toEqual(expected);
  });
});
