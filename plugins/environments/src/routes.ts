import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Environments page: the list, with Mine / My team / All. */
export const rootRouteRef = createRouteRef();

/** One environment (the page the expiry notification links to). */
export const environmentRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:name',
});

/** A scaffolder template's page, for "create an environment" links. */
export const templateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
