export * from './pullRequestComment';
