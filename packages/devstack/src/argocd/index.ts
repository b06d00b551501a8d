/** The devstack's Argo CD API stand-in. */
export { ArgoCdStandIn, DEFAULT_PROGRESSING_MS } from './ArgoCdStandIn';
export type { ArgoCdStandInOptions } from './ArgoCdStandIn';
export { createArgoCdRouter } from './argocdRouter';
export { createArgoCdFaultsRouter } from './argocdFaultsRouter';
export type { Application, ArgoCdFault, HistoryEntry } from './types';
