import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The team's Slack channel, on the Group entity (e.g. `'#team-payments'`). */
export const SLACK_CHANNEL_ANNOTATION = 'runway.dev/slack-channel';
/** A component's GitHub repository, `<org>/<repo>`. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** What the environments plugin asks the catalog: as the plugin itself, or as a caller. */
export class CatalogLookup {
  constructor(
    private readonly deps: { catalog: CatalogService; auth: AuthService },
  ) {}

  async slackChannel(teamRef: string): Promise<string | undefined> {
    const team = await this.deps.catalog.getEntityByRef(teamRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    return team?.metadata.annotations?.[SLACK_CHANNEL_ANNOTATION] || undefined;
  }

  /** Entity ref → lower-cased `<org>/<repo>`, for the refs whose entity names one. */
  async repositories(entityRefs: string[]): Promise<Map<string, string>> {
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs, fields: ['metadata.annotations'] },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    const result = new Map<string, string>();
    items.forEach((entity, i) => {
      const slug = entity?.metadata.annotations?.[PROJECT_SLUG_ANNOTATION];
      if (slug) result.set(entityRefs[i], slug.toLocaleLowerCase('en-US'));
    });
    return result;
  }

  /**
   * The refs (`component:<namespace>/<name>`) that are not a Component of the catalogue, asked
   * with the caller's credentials: what the caller cannot see, they cannot deploy either.
   */
  async missingComponents(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (entityRefs.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    return entityRefs.filter(
      (_, i) => items[i]?.kind.toLocaleLowerCase('en-US') !== 'component',
    );
  }
}
