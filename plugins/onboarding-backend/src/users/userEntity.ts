/**
 * The User entity onboarding puts into the catalogue for a hire, before the organisation sync
 * knows them: named by their GitHub login (as the GitHub org provider names people, so the sync
 * takes the entity over instead of making a second), member of their team, with their manager
 * and buddy. Every value comes from a checked registration; nothing else reaches the entity.
 */
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  BUDDY_ANNOTATION,
  GITHUB_LOGIN_ANNOTATION,
  IDP_USER_ID_ANNOTATION,
  MANAGER_ANNOTATION,
  ORIGIN_LOCATION_ANNOTATION,
  onboardingUserOrigin,
} from '@runway/plugin-onboarding-common';

/** What the `catalog:user:ensure` step sends: the person as onboarding checked them. */
export interface UserRegistration {
  idpUserId: string;
  login: string;
  name: string;
  email: string;
  /** The team, a Group ref. */
  team: string;
  /** The manager's User ref. */
  manager?: string;
  /** The buddy's User ref. */
  buddy?: string;
}

const LOGIN = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

function refOf(value: unknown, kind: 'group' | 'user', field: string) {
  const example =
    kind === 'group' ? 'group:default/payments' : 'user:default/grace-liu';
  try {
    if (typeof value === 'string') {
      const ref = parseEntityRef(value);
      if (ref.kind.toLocaleLowerCase('en-US') === kind) {
        return stringifyEntityRef(ref);
      }
    }
  } catch {
    // below
  }
  throw new InputError(
    `${field}: ${JSON.stringify(
      value,
    )} must be a ${kind} ref such as ${example}`,
  );
}

/** The registration, checked field by field; an InputError names the first bad one. */
export function parseRegistration(
  idpUserId: string,
  body: unknown,
): UserRegistration {
  const input = (body ?? {}) as Record<string, unknown>;
  const text = (field: string, max: number) => {
    const v = input[field];
    if (typeof v !== 'string' || !v.trim() || v.length > max) {
      throw new InputError(
        `${field}: missing or longer than ${max} characters; send the person's ${field}`,
      );
    }
    return v.trim();
  };
  if (!idpUserId || idpUserId.length > 255) {
    throw new InputError('idpUserId: missing or longer than 255 characters');
  }
  const login = text('login', 39);
  if (!LOGIN.test(login)) {
    throw new InputError(
      `login: "${login}" is not a GitHub login (letters, digits and single hyphens)`,
    );
  }
  const email = text('email', 255);
  if (!EMAIL.test(email)) {
    throw new InputError(`email: "${email}" is not an e-mail address`);
  }
  return {
    idpUserId,
    login,
    name: text('name', 200),
    email: email.toLocaleLowerCase('en-US'),
    team: refOf(input.team, 'group', 'team'),
    manager: input.manager
      ? refOf(input.manager, 'user', 'manager')
      : undefined,
    buddy: input.buddy ? refOf(input.buddy, 'user', 'buddy') : undefined,
  };
}

export function userEntity(registration: UserRegistration) {
  const origin = onboardingUserOrigin(registration.idpUserId);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: registration.login,
      namespace: 'default',
      description: 'Joined through Runway’s onboarding.',
      // Who is being hired (their identity-provider id, manager, buddy) is the platform team's
      // to see until the organisation sync takes the entity over (Runway's permission policy).
      labels: { 'runway.dev/platform-only': 'true' },
      annotations: {
        'backstage.io/managed-by-location': origin,
        [ORIGIN_LOCATION_ANNOTATION]: origin,
        [GITHUB_LOGIN_ANNOTATION]: registration.login,
        [IDP_USER_ID_ANNOTATION]: registration.idpUserId,
        ...(registration.manager && {
          [MANAGER_ANNOTATION]: registration.manager,
        }),
        ...(registration.buddy && { [BUDDY_ANNOTATION]: registration.buddy }),
      },
    },
    spec: {
      profile: {
        displayName: registration.name,
        email: registration.email,
      },
      memberOf: [registration.team],
    },
  };
}

export type UserEntity = ReturnType<typeof userEntity>;
