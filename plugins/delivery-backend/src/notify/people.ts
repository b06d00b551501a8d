/**
 * The requester as Runway reaches them: their User entity's e-mail (Slack finds them by it) and
 * GitHub login (a pull request comment mentions it), read with the plugin's own credentials.
 */
import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

export const GITHUB_LOGIN_ANNOTATION = 'github.com/user-login';

export interface Person {
  userRef: string;
  email?: string;
  githubLogin?: string;
}

export class People {
  constructor(
    private readonly deps: { catalog: CatalogService; auth: AuthService },
  ) {}

  async find(userRef: string): Promise<Person> {
    const entity = await this.deps.catalog
      .getEntityByRef(userRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      })
      .catch(() => undefined);
    const email = (entity?.spec as { profile?: { email?: unknown } })?.profile
      ?.email;
    const ref = parseEntityRef(userRef);
    // Runway names people by their GitHub login (org sync, onboarding) in the default namespace.
    const login =
      entity?.metadata.annotations?.[GITHUB_LOGIN_ANNOTATION] ??
      (ref.namespace === 'default' ? ref.name : undefined);
    return {
      userRef,
      ...(typeof email === 'string' && { email }),
      ...(login && { githubLogin: login }),
    };
  }
}
