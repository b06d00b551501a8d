/**
 * The demo organisation from examples/ (org.yaml), as every stand-in seeds itself with it:
 * people with their GitHub logins and e-mails, teams with their Slack channels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface OrgUser {
  /** Catalog User name. */
  name: string;
  /** GitHub login (annotation github.com/user-login, else the name). */
  login: string;
  email: string;
  displayName: string;
  /** Team (Group) names the user is a member of. */
  teams: string[];
}

export interface OrgTeam {
  name: string;
  displayName: string;
  /** Slack channel name without '#', from annotation runway.dev/slack-channel. */
  slackChannel?: string;
  parent?: string;
  members: string[];
}

export interface Org {
  /** The GitHub organisation: the Group of type organization (e.g. acme). */
  name: string;
  users: OrgUser[];
  teams: OrgTeam[];
}

export function loadOrg(examplesDir: string): Org {
  const docs = parseAllDocuments(
    fs.readFileSync(path.join(examplesDir, 'org.yaml'), 'utf8'),
  ).map(d => d.toJS());
  const groups = docs.filter(d => d?.kind === 'Group');
  const organization = groups.find(g => g.spec?.type === 'organization');
  if (!organization) {
    throw new Error(
      `${examplesDir}/org.yaml has no Group of type organization`,
    );
  }
  const users: OrgUser[] = docs
    .filter(d => d?.kind === 'User')
    .map(u => ({
      name: u.metadata.name,
      login:
        u.metadata.annotations?.['github.com/user-login'] ?? u.metadata.name,
      email: u.spec?.profile?.email ?? `${u.metadata.name}@acme.example`,
      displayName: u.spec?.profile?.displayName ?? u.metadata.name,
      teams: (u.spec?.memberOf ?? []).map((ref: string) =>
        ref.replace(/^group:(default\/)?/, ''),
      ),
    }));
  const teams: OrgTeam[] = groups
    .filter(g => g !== organization)
    .map(g => ({
      name: g.metadata.name,
      displayName: g.spec?.profile?.displayName ?? g.metadata.name,
      slackChannel: g.metadata.annotations?.[
        'runway.dev/slack-channel'
      ]?.replace(/^#/, ''),
      parent: g.spec?.parent,
      members: users
        .filter(u => u.teams.includes(g.metadata.name))
        .map(u => u.name),
    }));
  return { name: organization.metadata.name, users, teams };
}
