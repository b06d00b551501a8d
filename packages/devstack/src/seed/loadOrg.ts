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

/** A demo Component whose repository is in the organisation (annotation github.com/project-slug). */
export interface OrgComponent {
  /** The repository's name in the organisation. */
  repo: string;
  /** The entity as examples/ declares it. */
  entity: Record<string, any>;
  /** Its YAML text in examples/, comments kept: the repository's catalog-info.yaml. */
  catalogInfo: string;
  /** The folder it lives in with its TechDocs (examples/components/<name>), if it has one. */
  dir?: string;
}

export interface Org {
  /** The GitHub organisation: the Group of type organization (e.g. acme). */
  name: string;
  users: OrgUser[];
  teams: OrgTeam[];
  /** Demo Components with a repository in the organisation; the forge creates those repositories. */
  components?: OrgComponent[];
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
  const name = organization.metadata.name;
  return { name, users, teams, components: loadComponents(examplesDir, name) };
}

/** Components from examples/*.yaml and examples/components/<name>/catalog-info.yaml. */
function loadComponents(examplesDir: string, org: string): OrgComponent[] {
  const files: { file: string; dir?: string }[] = fs
    .readdirSync(examplesDir)
    .filter(f => /\.ya?ml$/.test(f))
    .map(f => ({ file: path.join(examplesDir, f) }));
  const componentsDir = path.join(examplesDir, 'components');
  if (fs.existsSync(componentsDir))
    for (const entry of fs.readdirSync(componentsDir)) {
      const file = path.join(componentsDir, entry, 'catalog-info.yaml');
      if (fs.existsSync(file))
        files.push({ file, dir: path.join(componentsDir, entry) });
    }
  const components: OrgComponent[] = [];
  for (const { file, dir } of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJS();
      const slug = entity?.metadata?.annotations?.['github.com/project-slug'];
      if (entity?.kind !== 'Component' || typeof slug !== 'string') continue;
      const [owner, repo] = slug.split('/');
      if (owner?.toLowerCase() !== org.toLowerCase() || !repo) continue;
      const range = doc.contents?.range;
      const catalogInfo = range
        ? `${text.slice(range[0], range[2]).trimEnd()}\n`
        : text;
      components.push({ repo, entity, catalogInfo, dir });
    }
  }
  return components;
}
