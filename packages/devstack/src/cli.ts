/**
 * `yarn devstack`: runs the devstack until interrupted, keeping its data in .runway/devstack so
 * repositories, pull requests and messages survive a restart.
 */
// Before anything loads the Kubernetes stand-in's schemas.
import './esmOnlyResolution';
import path from 'node:path';
import { DEFAULT_PORT, DEFAULT_SMTP_PORT, startDevstack } from './devstack';

async function main() {
  const repoRoot = path.resolve(
    path.dirname(require.resolve('@runway/devstack/package.json')),
    '../..',
  );
  const devstack = await startDevstack({
    port: Number(process.env.DEVSTACK_PORT ?? DEFAULT_PORT),
    smtpPort: Number(process.env.DEVSTACK_SMTP_PORT ?? DEFAULT_SMTP_PORT),
    dataDir:
      process.env.DEVSTACK_DATA_DIR ?? path.join(repoRoot, '.runway/devstack'),
    okta: {
      // Where Okta's event hook goes: Runway's backend (yarn start) unless told otherwise.
      hookUrl: process.env.DEVSTACK_OKTA_HOOK_URL || undefined,
      hookSecret: process.env.DEVSTACK_OKTA_HOOK_SECRET || undefined,
    },
  });
  process.stdout.write(
    [
      `Runway devstack is up — web view ${devstack.urls.base}`,
      `  GitHub API   ${devstack.urls.githubApi}  (token: ${devstack.githubToken})`,
      `  git          ${devstack.urls.base}/<owner>/<repo>.git`,
      `  Slack API    ${devstack.urls.slackApi}  (token: ${devstack.slackToken})`,
      `  SMTP         ${devstack.urls.smtpHost}:${devstack.urls.smtpPort}`,
      `  Okta         ${devstack.urls.oktaOrgUrl}  (token: ${devstack.oktaApiToken}; event hook to ${devstack.okta.hook.settings.url}; hire at ${devstack.urls.base}/idp)`,
      `  Argo CD      ${devstack.urls.argocdApi}  (token: ${devstack.argocdToken}; faults: POST ${devstack.urls.base}/_devstack/argocd/faults)`,
      `  Kubernetes   ${devstack.urls.kubernetes}  (token: ${devstack.kubernetesToken})`,
      `  Entra ID     ${devstack.urls.graphApi}  (tenant ${devstack.entraApp.tenantId}, client ${devstack.entraApp.clientId}; token at ${devstack.urls.entraTokenUrl}; hire at ${devstack.urls.base}/idp/entra)`,
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await devstack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`devstack failed to start: ${error.stack ?? error}\n`);
  process.exit(1);
});
