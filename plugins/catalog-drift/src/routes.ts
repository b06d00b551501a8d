import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Catalogue drift page: every entity whose owner, repository or catalog-info.yaml is gone. */
export const rootRouteRef = createRouteRef();
