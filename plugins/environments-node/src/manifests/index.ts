export * from './types';
export { renderEnvironment } from './renderEnvironment';
export { readManifestSettings } from './settings';
export { sandboxKubernetesUser } from './sandbox';
