/**
 * The person a run is for, as the onboarding template's form takes it, and what makes one
 * incomplete. Each problem names the field and what to set at the source, so a run that cannot
 * start says why instead of failing somewhere in the middle.
 */

export interface Person {
  /** The identity provider's user id (Okta `00u…`, an Entra object id, an HR system's id). */
  idpUserId: string;
  name: string;
  email: string;
  /** GitHub login; also the name of the engineer's Terraform file and sandbox. */
  githubLogin: string;
  /** The team, as a Group ref (`group:default/payments`) or its name. */
  team: string;
  /** The manager's work e-mail. */
  manager: string;
  /** The buddy's work e-mail, when there is one. */
  buddy?: string;
  /** First day, YYYY-MM-DD. */
  startDate: string;
  /** IANA time zone for the orientation meetings; the team's when absent. */
  timeZone?: string;
}

export const FIELD_NAMES: Record<keyof Person, string> = {
  idpUserId: 'idpUserId',
  name: 'name',
  email: 'email',
  githubLogin: 'githubLogin',
  team: 'team',
  manager: 'manager',
  buddy: 'buddy',
  startDate: 'startDate',
  timeZone: 'timeZone',
};

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is missing or malformed, field by field; empty when the person can be onboarded. */
export function personProblems(
  person: Partial<Person>,
  where: Record<keyof Person, string> = FIELD_NAMES,
): string[] {
  const problems: string[] = [];
  const need = (field: keyof Person, ok: boolean, fix: string) => {
    if (!ok) problems.push(`${where[field]}: ${fix}`);
  };
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  need('name', text(person.name), 'missing; set the person’s full name');
  need(
    'email',
    text(person.email) && EMAIL.test(person.email!),
    person.email
      ? `"${person.email}" is not an e-mail address; set the work e-mail`
      : 'missing; set the work e-mail (the welcome mail and Slack need it)',
  );
  need(
    'githubLogin',
    text(person.githubLogin) && GITHUB_LOGIN.test(person.githubLogin!),
    person.githubLogin
      ? `"${person.githubLogin}" is not a GitHub login (letters, digits and single hyphens, at most 39)`
      : 'missing; set the person’s GitHub login (they create the account first)',
  );
  need('team', text(person.team), 'missing; set the team they join');
  need(
    'manager',
    text(person.manager) && EMAIL.test(person.manager!),
    'missing or not an e-mail; set the manager’s work e-mail',
  );
  need(
    'buddy',
    person.buddy === undefined ||
      person.buddy === '' ||
      EMAIL.test(person.buddy),
    `"${person.buddy}" is not an e-mail; set the buddy’s work e-mail or leave it empty`,
  );
  need(
    'startDate',
    text(person.startDate) &&
      DATE.test(person.startDate!) &&
      !Number.isNaN(Date.parse(`${person.startDate}T00:00:00Z`)),
    'missing or not a date; set the first day as YYYY-MM-DD',
  );
  return problems;
}
