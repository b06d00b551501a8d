/**
 * Runway's platform settings for backend code (`runway.*` and `app.baseUrl`, read once) and the
 * Slack client built from them; a read-only Argo CD client; audited changes.
 *
 * @packageDocumentation
 */
export * from './settings';
export * from './slack';
export * from './permissions';
export * from './slackText';
export * from './argocd';
export * from './audited';
