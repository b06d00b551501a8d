/**
 * Every baseline policy against its fixtures (policies/fixtures/<id>/{pass,fail}): a pass case has
 * no violation of the policy, a fail case at least one with the message the case expects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultPoliciesDir, loadPolicies, readInputs } from './index';
import { fixtureCases, type FixtureCase } from './testUtils/fixtures';

const policiesDir = defaultPoliciesDir();
const fixturesDir = path.join(policiesDir, 'fixtures');
const policyIds = fs
  .readdirSync(policiesDir)
  .filter(f => /\.ya?ml$/.test(f))
  .map(f => f.replace(/\.ya?ml$/, ''))
  .sort();

describe('baseline policies', () => {
  it.each(policyIds)('%s has pass and fail fixtures', id => {
    const cases = fixtureCases(fixturesDir, id);
    expect(cases.filter(c => c.outcome === 'pass').length).toBeGreaterThan(0);
    expect(cases.filter(c => c.outcome === 'fail').length).toBeGreaterThan(0);
    for (const c of cases.filter(x => x.outcome === 'fail'))
      expect({ case: c.name, expect: c.expect }).toEqual({
        case: c.name,
        expect: expect.any(String),
      });
  });

  const cases = policyIds.flatMap(id => fixtureCases(fixturesDir, id));
  const named = (outcome: FixtureCase['outcome']) =>
    cases.filter(c => c.outcome === outcome).map(c => [c.name, c] as const);

  async function check(c: FixtureCase) {
    const policies = await loadPolicies(policiesDir);
    const result = await policies.check(
      await readInputs([c.path], fixturesDir),
    );
    // A fixture that is skipped, unparsable or breaks an expression would pass for the wrong reason.
    expect(result.files.filter(f => f.kind === 'skipped')).toEqual([]);
    expect(
      result.violations.filter(v => v.policyId === 'input-invalid'),
    ).toEqual([]);
    expect(result.violations.map(v => v.message)).not.toContainEqual(
      expect.stringContaining('could not be evaluated'),
    );
    return result.violations.filter(v => v.policyId === c.policyId);
  }

  it.each(named('pass'))('%s has no violation of its policy', async (_, c) => {
    expect(await check(c)).toEqual([]);
  });

  it.each(named('fail'))(
    '%s violates its policy with the expected message',
    async (_, c) => {
      const own = await check(c);
      expect(own.map(v => v.message)).toContainEqual(
        expect.stringContaining(c.expect!),
      );
    },
  );
});
