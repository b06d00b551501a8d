/**
 * `yarn runway template test` against the production build wired to the devstack (issue 17):
 * every shipped template's examples pass, and a broken example fails, naming the step and the
 * difference. The dry runs are a platform team member's (Runway allows dry runs to them). Run
 * by scripts/test after `yarn build:all`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type BuiltBackend,
  repoRoot,
  startBuiltBackend,
} from '../scripts/lib/builtBackend.mts';
import {
  type DevstackProcess,
  startDevstackProcess,
} from '../scripts/lib/devstackProcess.mts';
import { guestToken, waitForEntity } from '../scripts/lib/runwayApi.mts';
import { freePort } from './lib/freePort.mts';
import {
  newHire,
  onboardingBackendConfig,
  provisionSlackUser,
} from '../scripts/lib/onboardingApi.mts';

const NEW_HIRE = newHire('ada-example', 'Ada Example');
const FORGE_PORT = 7070;

/** `runway template test <args>` as CI runs it; its exit code and output. */
function runwayTemplateTest(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [
        path.join(repoRoot, 'packages/cli/bin/runway'),
        'template',
        'test',
        ...args,
      ],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 600_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('runway template test', () => {
  let devstack: DevstackProcess | undefined;
  let backend: BuiltBackend | undefined;
  let env: Record<string, string>;
  let scratch: string;

  before(async () => {
    const smtpPort = await freePort();
    // The forge at localhost:7070, as app-config.yaml and the register-component template's
    // allowedHosts name it, so the shipped examples hold here as they do on a laptop.
    devstack = await startDevstackProcess({ port: FORGE_PORT, smtpPort });
    backend = await startBuiltBackend({
      name: 'template-test',
      port: await freePort(),
      // The onboarding settings (the devstack's SMTP), and the guest in the platform team:
      // Runway allows dry runs to the platform team.
      config: onboardingBackendConfig(
        devstack.backendConfig as { runway?: object },
        smtpPort,
      ),
    });
    const token = await guestToken(backend.url);
    for (const ref of [
      'template/default/new-service',
      'template/default/ephemeral-environment',
      'group/default/payments',
      'component/default/cart-service',
    ]) {
      await waitForEntity(backend.url, token, ref);
    }
    // The new hire of templates/engineer-onboarding/examples/new-hire.yaml has joined Slack.
    await provisionSlackUser(devstack.base, NEW_HIRE);
    env = { RUNWAY_URL: backend.url, RUNWAY_TOKEN: token };
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-template-test-'));
  });

  after(async () => {
    await backend?.stop();
    await devstack?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('passes on every shipped template', async () => {
    const { code, output } = await runwayTemplateTest([], env);
    assert.equal(code, 0, output);
    const templates = fs
      .readdirSync(path.join(repoRoot, 'templates'))
      .filter(t =>
        fs.existsSync(path.join(repoRoot, 'templates', t, 'template.yaml')),
      );
    for (const template of templates) {
      assert.match(output, new RegExp(`✓ templates/${template}/examples/`));
    }
    assert.doesNotMatch(output, /✗/);
  });

  test('fails on a broken example, naming the step and the difference', async () => {
    const dir = path.join(scratch, 'new-service');
    fs.cpSync(path.join(repoRoot, 'templates/new-service'), dir, {
      recursive: true,
    });
    const examples = path.join(dir, 'examples');
    fs.rmSync(examples, { recursive: true });
    fs.mkdirSync(examples);
    const values = `values:
  name: ledger-api
  description: Keeps the ledger.
  owner: group:default/payments
  system: system:default/checkout
  language: typescript
  database: none
  lifecycle: experimental
  pagerdutyServiceId: PABC123
`;
    // A file the template does not make, and a refusal at the wrong step.
    fs.writeFileSync(
      path.join(examples, 'missing-file.yaml'),
      `description: expects a file the skeleton does not have\n${values}expect:\n  files:\n    Makefile: []\n    catalog-info.yaml: ['name: other-name']\n`,
    );
    fs.writeFileSync(
      path.join(examples, 'wrong-step.yaml'),
      `description: expects the publish step to refuse an owner without a cost center\n${values.replace(
        'group:default/payments',
        'group:default/acme',
      )}expect:\n  refused:\n    step: publish\n    message: cost-center\n`,
    );

    const { code, output } = await runwayTemplateTest([dir], env);

    assert.equal(code, 1, output);
    assert.match(output, /✗ .*missing-file\.yaml/);
    assert.match(
      output,
      /expected file Makefile, which the run did not leave; it left .*catalog-info\.yaml/,
    );
    assert.match(
      output,
      /catalog-info\.yaml does not contain "name: other-name"/,
    );
    assert.match(
      output,
      /expected step publish to refuse, but step prepare refused: .*has no runway\.dev\/cost-center annotation/,
    );
    assert.match(output, /0 examples passed, 2 failed/);
  });

  test("fails when the files a template leaves break Runway's policies", async () => {
    const dir = path.join(scratch, 'register-component');
    fs.cpSync(path.join(repoRoot, 'templates/register-component'), dir, {
      recursive: true,
    });
    // A skeleton that also renders a privileged container.
    fs.mkdirSync(path.join(dir, 'skeleton/deploy'));
    fs.writeFileSync(
      path.join(dir, 'skeleton/deploy/pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: legacy-cart\n  namespace: legacy-cart\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/legacy-cart@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      securityContext:\n        privileged: true\n',
    );

    const { code, output } = await runwayTemplateTest([dir], env);

    assert.equal(code, 1, output);
    assert.match(
      output,
      /policy k8s-no-privileged \(\w+\) on deploy\/pod\.yaml/,
    );
    assert.match(output, /0 examples passed, 1 failed/);
  });
});
