import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { PolicyLoadError } from '../errors';
import { defaultPoliciesDir } from '../defaultPoliciesDir';
import { loadPolicies } from './loadPolicies';

const mockDir = createMockDirectory();

const VALID = `id: no-latest
title: Images are pinned
severity: medium
description: Pinned images.
match:
  kubernetes:
    kinds: [Deployment]
variables:
  - name: containers
    expression: object.spec.template.spec.containers
validations:
  - expression: "variables.containers.all(c, !c.image.endsWith(':latest'))"
    message: uses :latest
remediation: Pin the image.
link: /create/templates/default/new-service
`;

async function loadError(
  files: Record<string, string>,
): Promise<PolicyLoadError> {
  mockDir.clear();
  mockDir.setContent(files);
  const error = await loadPolicies(mockDir.path).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(PolicyLoadError);
  return error as PolicyLoadError;
}

describe('loadPolicies', () => {
  beforeEach(mockDir.clear);

  it('loads a valid policy with its public fields', async () => {
    mockDir.setContent({
      'no-latest.yaml': VALID,
      'README.md': '# not a policy',
    });
    const set = await loadPolicies(mockDir.path);
    expect(set.policies).toEqual([
      {
        id: 'no-latest',
        title: 'Images are pinned',
        severity: 'medium',
        description: 'Pinned images.',
        remediation: 'Pin the image.',
        link: '/create/templates/default/new-service',
        file: mockDir.resolve('no-latest.yaml'),
        match: { kubernetes: { kinds: ['Deployment'] } },
      },
    ]);
  });

  it('names the file, line and column of a CEL syntax error', async () => {
    const broken = VALID.replace(
      `"variables.containers.all(c, !c.image.endsWith(':latest'))"`,
      `"variables.containers.all(c, c.image ==)"`,
    );
    const error = await loadError({ 'no-latest.yaml': broken });
    expect(error.file).toBe(mockDir.resolve('no-latest.yaml'));
    // CEL's parser reports where the longest valid prefix ends: the call that cannot close.
    expect(error.line).toBe(12);
    expect(error.column).toBe(38);
    const line = broken.split('\n')[error.line! - 1];
    expect(line.slice(error.column! - 1)).toBe('.all(c, c.image ==)"');
    expect(error.message).toContain(
      `${mockDir.resolve('no-latest.yaml')}:12:38:`,
    );
    expect(error.message).toContain(
      'validations[0].expression: CEL syntax error',
    );
  });

  it('points into a multi-line block expression', async () => {
    const broken = VALID.replace(
      '    expression: object.spec.template.spec.containers',
      '    expression: >-\n      object.spec.template.spec\n        .containers +* 1',
    );
    const error = await loadError({ 'no-latest.yaml': broken });
    expect(error.line).toBe(12);
    expect(error.message).toContain(
      'variables[0].expression: CEL syntax error',
    );
  });

  it('rejects unknown names, unknown functions and undefined variables when loading', async () => {
    const typo = await loadError({
      'no-latest.yaml': VALID.replace(
        'object.spec.template.spec.containers',
        'objet.spec.template.spec.containers',
      ),
    });
    expect(typo.message).toContain("unknown name 'objet'");
    expect(typo.line).toBe(10);
    expect(typo.column).toBe(17);

    const func = await loadError({
      'no-latest.yaml': VALID.replace(
        "c.image.endsWith(':latest')",
        "endsWithh(c.image, ':latest')",
      ),
    });
    expect(func.message).toContain("unknown function 'endsWithh'");

    const variable = await loadError({
      'no-latest.yaml': VALID.replace(
        'variables.containers.all',
        'variables.containerz.all',
      ),
    });
    expect(variable.message).toContain(
      'variables.containerz is not defined before this expression (defined: containers)',
    );
  });

  it('names unknown and missing fields', async () => {
    const unknown = await loadError({
      'no-latest.yaml': VALID.replace('severity: medium', 'serverity: medium'),
    });
    expect(unknown.message).toContain("unknown field 'serverity'");
    expect(unknown.line).toBe(3);

    const nested = await loadError({
      'no-latest.yaml': VALID.replace(
        '    message: uses :latest',
        '    mesage: uses :latest',
      ),
    });
    expect(nested.message).toContain("unknown field 'validations[0].mesage'");

    const missing = await loadError({
      'no-latest.yaml': VALID.replace('remediation: Pin the image.\n', ''),
    });
    expect(missing.message).toContain("missing required field 'remediation'");

    const noMessage = await loadError({
      'no-latest.yaml': VALID.replace('    message: uses :latest\n', ''),
    });
    expect(noMessage.message).toContain(
      'validations[0] needs a message or a messageExpression',
    );
  });

  it('rejects an id that is not the file name, a bad severity and two match families', async () => {
    const id = await loadError({ 'pinned.yaml': VALID });
    expect(id.message).toContain(
      "id 'no-latest' must equal the file name 'pinned'",
    );
    expect(id.line).toBe(1);

    const severity = await loadError({
      'no-latest.yaml': VALID.replace('severity: medium', 'severity: urgent'),
    });
    expect(severity.message).toContain(
      "severity 'urgent' must be one of low, medium, high, critical",
    );

    const families = await loadError({
      'no-latest.yaml': VALID.replace(
        '    kinds: [Deployment]',
        '    kinds: [Deployment]\n  catalog:\n    kinds: [Component]',
      ),
    });
    expect(families.message).toContain(
      'exactly one of kubernetes, terraform, catalog',
    );
  });

  it('refuses an empty or missing directory rather than passing everything', async () => {
    await expect(loadPolicies(mockDir.path)).rejects.toThrow(/no policy files/);
    await expect(loadPolicies(mockDir.resolve('nope'))).rejects.toBeInstanceOf(
      PolicyLoadError,
    );
  });

  it('compiles once: a second load returns the same set until a file changes', async () => {
    mockDir.setContent({ 'no-latest.yaml': VALID });
    const first = await loadPolicies(mockDir.path);
    const second = await loadPolicies(`${mockDir.path}/`);
    expect(second).toBe(first);

    const file = mockDir.resolve('no-latest.yaml');
    fs.writeFileSync(
      file,
      VALID.replace('title: Images are pinned', 'title: Pinned images'),
    );
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const third = await loadPolicies(mockDir.path);
    expect(third).not.toBe(first);
    expect(third.policies[0].title).toBe('Pinned images');
  });

  it('loads the baseline in the repository', async () => {
    const set = await loadPolicies(defaultPoliciesDir());
    expect(path.basename(defaultPoliciesDir())).toBe('policies');
    expect(set.policies.map(p => p.id)).toEqual(
      expect.arrayContaining([
        'k8s-no-root',
        'aws-s3-not-public',
        'catalog-component-metadata',
      ]),
    );
  });
});
