import { parseEntityRef } from '@backstage/catalog-model';
import { FollowupRecord } from '../database/FollowupStore';

/** Where a follow-up's service can be seen: pull request, repository, catalogue page, TechDocs. */
export function followupLinks(appBaseUrl: string, followup: FollowupRecord) {
  const { kind, namespace, name } = parseEntityRef(followup.entityRef);
  const path = [namespace, kind, name].map(encodeURIComponent).join('/');
  return {
    pullRequest: followup.prUrl,
    repository: followup.repositoryUrl,
    entityPath: `/catalog/${path}`,
    entity: `${appBaseUrl}/catalog/${path}`,
    docs: `${appBaseUrl}/docs/${path}`,
  };
}
