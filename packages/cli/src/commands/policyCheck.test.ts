import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { run } from '../index';
import { recordingIo } from '../__testUtils__/io';
import {
  OWNER_IS_GROUP_POLICY,
  REPLICAS_POLICY,
  component,
  deployment,
} from '../__testUtils__/policies';

describe('runway policy check', () => {
  const mockDir = createMockDirectory();

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      'policies/replicas-at-least-two.yaml': REPLICAS_POLICY,
      'policies/owner-is-group.yaml': OWNER_IS_GROUP_POLICY,
      'good/deploy/api.yaml': deployment('api', 3),
      'bad/deploy/api.yaml': deployment('api', 1),
      'bad/catalog-info.yaml': component({ owner: 'user:default/jane' }),
    });
  });

  const check = async (...argv: string[]) => {
    const io = recordingIo(mockDir.path);
    const code = await run(
      ['policy', 'check', ...argv, '--policies', 'policies'],
      io,
    );
    return { code, out: io.out(), err: io.err() };
  };

  it('exits 0 and says so when nothing violates a policy', async () => {
    const { code, out, err } = await check('good');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('No violations: 1 file (1 resource)');
  });

  it('exits 1 and names each violation with its file, line, resource and fix', async () => {
    const { code, out } = await check('bad');
    expect(code).toBe(1);
    expect(out).toContain(
      'high replicas-at-least-two bad/deploy/api.yaml:1 Deployment/payments/api: spec.replicas is below 2 — fix: Set spec.replicas to 2 or more.',
    );
    expect(out).toContain('medium owner-is-group bad/catalog-info.yaml');
    expect(out).toContain('2 violations (1 high, 1 medium)');
  });

  it('expands globs itself, as the Action passes them unexpanded', async () => {
    expect((await check('*/deploy/*.yaml')).code).toBe(1);
    expect((await check('good/**/*.yaml')).code).toBe(0);
  });

  it('writes JSON a script can read', async () => {
    const { code, out } = await check('bad', '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.ok).toBe(false);
    expect(
      report.violations.map((v: { policyId: string }) => v.policyId),
    ).toEqual(['replicas-at-least-two', 'owner-is-group']);
    expect(report.files).toEqual(
      expect.arrayContaining([
        { file: 'bad/deploy/api.yaml', kind: 'kubernetes', resources: 1 },
      ]),
    );
  });

  it('writes SARIF 2.1.0 that code scanning can place', async () => {
    const { code, out } = await check('bad', '--format', 'sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const [sarifRun] = sarif.runs;
    expect(
      sarifRun.tool.driver.rules.map((r: { id: string }) => r.id).sort(),
    ).toEqual(['owner-is-group', 'replicas-at-least-two']);
    expect(sarifRun.results).toContainEqual(
      expect.objectContaining({
        ruleId: 'replicas-at-least-two',
        level: 'error',
        locations: [
          expect.objectContaining({
            physicalLocation: {
              artifactLocation: { uri: 'bad/deploy/api.yaml' },
              region: { startLine: 1 },
            },
          }),
        ],
      }),
    );
    expect(sarifRun.results).toContainEqual(
      expect.objectContaining({ ruleId: 'owner-is-group', level: 'warning' }),
    );
  });

  it('with --output writes the report to the file and the human summary to stdout', async () => {
    const { code, out } = await check(
      'bad',
      '--format',
      'sarif',
      '--output',
      'reports/runway.sarif',
    );
    expect(code).toBe(1);
    const sarif = JSON.parse(
      fs.readFileSync(mockDir.resolve('reports/runway.sarif'), 'utf8'),
    );
    expect(sarif.runs[0].results).toHaveLength(2);
    expect(out).toContain('2 violations');
    expect(out).toContain('Wrote the sarif report to reports/runway.sarif');
  });

  it.each([
    [[], /needs at least one path/],
    [['good', '--format', 'xml'], /--format xml is not a format runway writes/],
    [['good', '--strict'], /Unknown option '--strict'/],
    [['missing-folder'], /missing-folder does not exist/],
    [['nothing/*.yaml'], /No files found at nothing\/\*\.yaml/],
  ])('exits 2 on a usage mistake: %j', async (argv, message) => {
    const { code, out, err } = await check(...argv);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
    expect(err).toContain('Usage: runway policy check');
  });

  it('exits 2 on a broken policy file, naming its path and position', async () => {
    mockDir.addContent({
      'policies/replicas-at-least-two.yaml': REPLICAS_POLICY.replace(
        'severity: high',
        'severity: urgent',
      ),
    });
    const { code, err } = await check('good');
    expect(code).toBe(2);
    expect(err).toContain(
      "policies/replicas-at-least-two.yaml:3:11: severity 'urgent' must be one of low, medium, high, critical",
    );
  });

  it("uses Runway's own policies/ when --policies is not given", async () => {
    const io = recordingIo(mockDir.path);
    await run(['policy', 'check', 'good', '--format', 'json'], io);
    const baseline = path.resolve(__dirname, '../../../../policies');
    const files = fs.readdirSync(baseline).filter(f => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const report = JSON.parse(io.out());
    expect(
      report.policies
        .map((p: { file: string }) => path.basename(p.file))
        .sort(),
    ).toEqual(files.sort());
  });
});
