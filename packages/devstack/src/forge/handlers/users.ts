/** People, the organisation, its members, invitations and teams. */
import { orgJson, orgOwnerJson, teamJson, userJson } from '../json';
import { now } from '../state';
import {
  ForgeContext,
  GitHubError,
  Handler,
  body,
  notFound,
  param,
  query,
} from './types';

function requireOrg(org: string, fx: ForgeContext) {
  if (org.toLowerCase() !== fx.state.data.org.login.toLowerCase())
    throw notFound();
}

function requireOrgAdmin(fx: ForgeContext) {
  if (fx.state.data.members[fx.viewer.login] !== 'admin') {
    throw new GitHubError(403, 'You must be an organization owner to do that.');
  }
}

function teamOf(c: Parameters<Handler>[0], fx: ForgeContext) {
  requireOrg(param(c, 'org'), fx);
  const team = fx.state.team(param(c, 'team_slug'));
  if (!team) throw notFound();
  return team;
}

function page<T>(c: Parameters<Handler>[0], items: T[]): T[] {
  const perPage = Number(query(c, 'per_page') ?? 30);
  const pageNo = Number(query(c, 'page') ?? 1);
  return items.slice((pageNo - 1) * perPage, pageNo * perPage);
}

export const userHandlers: Record<string, Handler> = {
  'users/get-authenticated': async (_c, fx) => ({
    status: 200,
    body: userJson(fx, fx.viewer),
  }),

  'users/get-by-username': async (c, fx) => {
    const login = param(c, 'username');
    if (login.toLowerCase() === fx.state.data.org.login.toLowerCase()) {
      return { status: 200, body: orgOwnerJson(fx) };
    }
    const user = fx.state.user(login);
    if (!user) throw notFound();
    return { status: 200, body: userJson(fx, user) };
  },

  'orgs/get': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    return { status: 200, body: orgJson(fx) };
  },

  'orgs/list-members': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    const members = Object.keys(fx.state.data.members).flatMap(l => {
      const u = fx.state.user(l);
      return u ? [userJson(fx, u)] : [];
    });
    return { status: 200, body: page(c, members) };
  },

  'orgs/get-membership-for-user': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    const user = fx.state.user(param(c, 'username'));
    const role = user && fx.state.data.members[user.login];
    if (!user || !role) throw notFound();
    return {
      status: 200,
      body: membershipJson(fx, user.login, role, 'active'),
    };
  },

  'orgs/set-membership-for-user': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    requireOrgAdmin(fx);
    const user = fx.state.user(param(c, 'username'));
    if (!user) throw notFound();
    const role = body(c).role === 'admin' ? 'admin' : 'member';
    if (fx.state.data.members[user.login]) {
      fx.state.data.members[user.login] = role;
      fx.state.save();
      return {
        status: 200,
        body: membershipJson(fx, user.login, role, 'active'),
      };
    }
    // A new member is invited first, as on GitHub; the invitation is what onboarding creates.
    fx.state.data.invitations.push({
      id: fx.state.newId(),
      org: fx.state.data.org.login,
      login: user.login,
      email: user.email,
      role: role === 'admin' ? 'admin' : 'direct_member',
      inviter: fx.viewer.login,
      created_at: now(),
      team_ids: [],
    });
    fx.state.save();
    return {
      status: 200,
      body: membershipJson(fx, user.login, role, 'pending'),
    };
  },

  'orgs/create-invitation': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    requireOrgAdmin(fx);
    const {
      invitee_id,
      email,
      role = 'direct_member',
      team_ids = [],
    } = body(c);
    const user = invitee_id
      ? fx.state.data.users.find(u => u.id === invitee_id)
      : undefined;
    if (!user && !email) {
      throw new GitHubError(422, 'Validation Failed', [
        {
          resource: 'OrganizationInvitation',
          field: 'email',
          code: 'missing_field',
        },
      ]);
    }
    const invitation = {
      id: fx.state.newId(),
      org: fx.state.data.org.login,
      login: user?.login ?? null,
      email: email ?? user?.email ?? null,
      role,
      inviter: fx.viewer.login,
      created_at: now(),
      team_ids,
    };
    fx.state.data.invitations.push(invitation);
    fx.state.save();
    return { status: 201, body: invitationJson(fx, invitation) };
  },

  'orgs/list-pending-invitations': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    return {
      status: 200,
      body: page(
        c,
        fx.state.data.invitations.map(i => invitationJson(fx, i)),
      ),
    };
  },

  'teams/list': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    return {
      status: 200,
      body: page(
        c,
        fx.state.data.teams.map(t => teamJson(fx, t)),
      ),
    };
  },

  'teams/get-by-name': async (c, fx) => ({
    status: 200,
    body: teamJson(fx, teamOf(c, fx)),
  }),

  'teams/create': async (c, fx) => {
    requireOrg(param(c, 'org'), fx);
    requireOrgAdmin(fx);
    const {
      name,
      description = '',
      privacy = 'closed',
      parent_team_id,
    } = body(c);
    const slug = String(name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    if (fx.state.team(slug)) {
      throw new GitHubError(422, 'Validation Failed', [
        { resource: 'Team', field: 'name', code: 'already_exists' },
      ]);
    }
    const parent = fx.state.data.teams.find(t => t.id === parent_team_id);
    const team = {
      id: fx.state.newId(),
      slug,
      name,
      description,
      privacy,
      parent: parent?.slug,
      members: {},
    };
    fx.state.data.teams.push(team);
    fx.state.save();
    return { status: 201, body: teamJson(fx, team) };
  },

  'teams/list-members-in-org': async (c, fx) => {
    const team = teamOf(c, fx);
    const members = Object.keys(team.members).flatMap(l => {
      const u = fx.state.user(l);
      return u ? [userJson(fx, u)] : [];
    });
    return { status: 200, body: page(c, members) };
  },

  'teams/get-membership-for-user-in-org': async (c, fx) => {
    const team = teamOf(c, fx);
    const user = fx.state.user(param(c, 'username'));
    const role = user && team.members[user.login];
    if (!user || !role) throw notFound();
    return {
      status: 200,
      body: {
        url: `${fx.urls.api}/orgs/${fx.state.data.org.login}/teams/${team.slug}/memberships/${user.login}`,
        role,
        state: 'active',
      },
    };
  },

  'teams/add-or-update-membership-for-user-in-org': async (c, fx) => {
    const team = teamOf(c, fx);
    requireOrgAdmin(fx);
    const user = fx.state.user(param(c, 'username'));
    if (!user) throw notFound();
    team.members[user.login] =
      body(c).role === 'maintainer' ? 'maintainer' : 'member';
    const state = fx.state.data.members[user.login] ? 'active' : 'pending';
    fx.state.save();
    return {
      status: 200,
      body: {
        url: `${fx.urls.api}/orgs/${fx.state.data.org.login}/teams/${team.slug}/memberships/${user.login}`,
        role: team.members[user.login],
        state,
      },
    };
  },

  'teams/remove-membership-for-user-in-org': async (c, fx) => {
    const team = teamOf(c, fx);
    requireOrgAdmin(fx);
    const user = fx.state.user(param(c, 'username'));
    if (!user || !team.members[user.login]) throw notFound();
    delete team.members[user.login];
    fx.state.save();
    return { status: 204 };
  },
};

function membershipJson(
  fx: ForgeContext,
  login: string,
  role: string,
  state: string,
) {
  return {
    url: `${fx.urls.api}/orgs/${fx.state.data.org.login}/memberships/${login}`,
    state,
    role,
    organization_url: `${fx.urls.api}/orgs/${fx.state.data.org.login}`,
    organization: orgJson(fx),
    user: userJson(fx, fx.state.user(login)!),
  };
}

function invitationJson(
  fx: ForgeContext,
  i: ForgeContext['state']['data']['invitations'][number],
) {
  return {
    id: i.id,
    node_id: `OI_${i.id}`,
    login: i.login,
    email: i.email,
    role: i.role,
    created_at: i.created_at,
    inviter: userJson(fx, fx.state.user(i.inviter) ?? fx.viewer),
    team_count: i.team_ids.length,
    invitation_teams_url: `${fx.urls.api}/organizations/${fx.state.data.org.id}/invitations/${i.id}/teams`,
  };
}
