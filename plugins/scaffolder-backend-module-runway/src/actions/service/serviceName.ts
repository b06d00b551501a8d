/**
 * The rule for a new service's name, shared by the form's field (through the same wording) and
 * the `runway:service:prepare` action: a DNS-1123 label that starts with a letter, at most 40
 * characters, because it names the repository, the namespace, RDS identifiers and the Grafana uid.
 */
export const SERVICE_NAME_MAX_LENGTH = 40;

/** What is wrong with `name`, and how to fix it; undefined when it is a valid service name. */
export function serviceNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty; give a name such as payments-ledger';
  if (name.length > SERVICE_NAME_MAX_LENGTH)
    return `has ${name.length} characters; shorten it to at most ${SERVICE_NAME_MAX_LENGTH}`;
  if (/[A-Z]/.test(name))
    return 'has capital letters; use lower-case letters, digits and dashes';
  if (/\s/.test(name))
    return 'has spaces; use dashes between words, e.g. payments-ledger';
  if (/[^a-z0-9-]/.test(name))
    return 'may only contain lower-case letters, digits and dashes';
  if (!/^[a-z]/.test(name)) return 'must start with a letter';
  if (name.endsWith('-')) return 'must not end with a dash';
  return undefined;
}
