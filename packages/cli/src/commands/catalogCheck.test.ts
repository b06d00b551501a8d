import { createMockDirectory } from '@backstage/backend-test-utils';
import { run } from '../index';
import { recordingIo } from '../__testUtils__/io';
import {
  OWNER_IS_GROUP_POLICY,
  REPLICAS_POLICY,
  component,
} from '../__testUtils__/policies';

describe('runway catalog check', () => {
  const mockDir = createMockDirectory();

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      'policies/replicas-at-least-two.yaml': REPLICAS_POLICY,
      'policies/owner-is-group.yaml': OWNER_IS_GROUP_POLICY,
    });
  });

  const check = async (...argv: string[]) => {
    const io = recordingIo(mockDir.path);
    const code = await run(
      ['catalog', 'check', ...argv, '--policies', 'policies'],
      io,
    );
    return { code, out: io.out(), err: io.err() };
  };

  it('exits 0 on a repository whose entity the catalogue accepts and the policies pass', async () => {
    mockDir.addContent({ 'repo/catalog-info.yaml': component() });
    const { code, out, err } = await check('repo');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('No violations: 1 file (1 resource)');
  });

  it('checks the current folder when no folder is given', async () => {
    mockDir.addContent({ 'catalog-info.yaml': component() });
    expect((await check()).code).toBe(0);
  });

  it('exits 1 without catalog-info.yaml and says what to add, and where the golden path is', async () => {
    mockDir.addContent({ 'Payments API/README.md': '# Payments' });
    const { code, out } = await check('Payments API');
    expect(code).toBe(1);
    expect(out).toContain('has no catalog-info.yaml at its root');
    expect(out).toContain('/create/templates/default/register-component');
    // The example is a complete entity with every field Runway expects.
    for (const line of [
      'kind: Component',
      'name: payments-api',
      'backstage.io/techdocs-ref: dir:.',
      'lifecycle: production',
      'owner: group:default/your-team',
      'system: your-system',
    ]) {
      expect(out).toContain(line);
    }
  });

  it('offers an example the catalogue itself accepts', async () => {
    const missing = await check();
    const example = missing.out.slice(missing.out.indexOf('apiVersion:'));
    mockDir.addContent({ 'catalog-info.yaml': example });
    expect(await check()).toEqual(
      expect.objectContaining({ code: 0, err: '' }),
    );
  });

  it('reports a missing catalog-info.yaml in SARIF too', async () => {
    const { code, out } = await check('--format', 'sarif');
    expect(code).toBe(1);
    const [sarifRun] = JSON.parse(out).runs;
    expect(sarifRun.results).toEqual([
      expect.objectContaining({
        ruleId: 'catalog-info-present',
        level: 'error',
        locations: [
          expect.objectContaining({
            physicalLocation: {
              artifactLocation: { uri: 'catalog-info.yaml' },
            },
          }),
        ],
      }),
    ]);
  });

  it.each([
    [
      'a name the catalogue rejects',
      component({ name: 'Payments API!' }),
      /component:default\/Payments API!: The catalogue would reject this entity: "metadata\.name" is not valid; .* but found "Payments API!"/,
    ],
    [
      'a Component without an owner',
      component().replace(/^ {2}owner: .*\n/m, ''),
      /component:default\/payments-api: The catalogue would reject this entity: .*owner/,
    ],
    [
      'a kind the catalogue does not take from repositories',
      component().replace('kind: Component', 'kind: Template'),
      /kind Template .* is not one Runway's catalogue accepts from a repository/,
    ],
    [
      'broken YAML',
      'apiVersion: backstage.io/v1alpha1\nkind: [Component\n',
      /catalog-info\.yaml is not valid YAML/,
    ],
  ])('exits 1 on %s, naming the problem', async (_, content, message) => {
    mockDir.addContent({ 'catalog-info.yaml': content });
    const { code, out } = await check();
    expect(code).toBe(1);
    expect(out).toMatch(message);
    expect(out).toContain('catalog-entity-valid catalog-info.yaml');
    expect(out).toContain(
      'Catalogue policies not run: fix the entities first.',
    );
  });

  it('names the invalid entity among several, with its line', async () => {
    mockDir.addContent({
      'catalog-info.yaml': `${component()}---\n${component({
        name: 'bad name',
      })}`,
    });
    const { code, out } = await check('--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(out).violations).toEqual([
      expect.objectContaining({
        policyId: 'catalog-entity-valid',
        file: 'catalog-info.yaml',
        resource: 'component:default/bad name',
        line: 14, // the second document starts after 12 lines and `---`
      }),
    ]);
  });

  it('exits 1 when a valid entity violates a catalogue policy', async () => {
    mockDir.addContent({
      'catalog-info.yaml': component({ owner: 'user:default/jane' }),
    });
    const { code, out } = await check('--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.violations).toEqual([
      expect.objectContaining({
        policyId: 'owner-is-group',
        resource: 'component:default/payments-api',
      }),
    ]);
    // Only the catalogue policies (and the CLI's own two checks) are reported as rules.
    expect(report.policies.map((p: { id: string }) => p.id)).toEqual([
      'catalog-info-present',
      'catalog-entity-valid',
      'owner-is-group',
    ]);
  });

  it.each([
    [['one', 'two'], /catalog check takes one folder, not 2/],
    [['nowhere'], /nowhere is not a folder/],
    [['--format'], /--format/],
  ])('exits 2 on a usage mistake: %j', async (argv, message) => {
    const { code, err } = await check(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('Usage: runway catalog check');
  });
});
