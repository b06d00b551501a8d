/** The forge's first state: the org, its people and teams from examples/, and Runway's bot. */
import { Org } from '../seed/loadOrg';
import { ForgeData } from './state';

export const BOT_LOGIN = 'runway-bot';
/** The machine user Atlantis comments, sets statuses and merges as: an outside collaborator with push. */
export const ATLANTIS_LOGIN = 'atlantis-bot';

export function seedForge(org: Org, tokenLogins: string[]): ForgeData {
  let nextId = 1000;
  const users = [
    {
      id: nextId++,
      login: BOT_LOGIN,
      name: 'Runway',
      email: 'runway@acme.example',
      type: 'User' as const,
      site_admin: false,
    },
    ...org.users.map(u => ({
      id: nextId++,
      login: u.login,
      name: u.displayName,
      email: u.email,
      type: 'User' as const,
      site_admin: false,
    })),
    {
      id: nextId++,
      login: ATLANTIS_LOGIN,
      name: 'Atlantis',
      email: 'atlantis@acme.example',
      type: 'User' as const,
      site_admin: false,
    },
  ];
  const loginOf = (name: string) =>
    org.users.find(u => u.name === name)?.login ?? name;
  const platform = org.teams.find(t => t.name === 'platform');
  const members: ForgeData['members'] = { [BOT_LOGIN]: 'admin' };
  for (const u of org.users)
    members[u.login] = platform?.members.includes(u.name) ? 'admin' : 'member';
  for (const login of tokenLogins)
    if (!users.some(u => u.login === login))
      throw new Error(`devstack token for unknown user ${login}`);
  return {
    nextId: nextId + 1000,
    org: {
      id: nextId++,
      login: org.name,
      name: org.name.charAt(0).toUpperCase() + org.name.slice(1),
      hooks: [],
    },
    users,
    members,
    invitations: [],
    teams: org.teams.map(t => ({
      id: nextId++,
      slug: t.name,
      name: t.name,
      description: t.displayName,
      privacy: 'closed',
      parent: t.parent && t.parent !== org.name ? t.parent : undefined,
      members: Object.fromEntries(
        t.members.map(m => [loginOf(m), 'member' as const]),
      ),
    })),
    repos: [],
    pulls: [],
    comments: [],
    statuses: [],
    workflows: [],
    workflowRuns: [],
    oauthTokens: {},
    runsSeeded: false,
    demoReposSeeded: [],
  };
}

/** A data directory seeded before Atlantis had a user gets it now. */
export function ensureAtlantisUser(data: ForgeData) {
  if (data.users.some(u => u.login === ATLANTIS_LOGIN)) return;
  data.users.push({
    id: data.nextId++,
    login: ATLANTIS_LOGIN,
    name: 'Atlantis',
    email: 'atlantis@acme.example',
    type: 'User',
    site_admin: false,
  });
}
