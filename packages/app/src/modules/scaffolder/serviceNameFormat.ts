/** The longest service name: it also names the repository and the Kubernetes namespace. */
export const SERVICE_NAME_MAX_LENGTH = 40;

/** The same rule as the new-service template's `pattern`. */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What is wrong with a service name and how to fix it, or undefined when it is well formed
 * (lower-case letters, digits and dashes, starting with a letter, not ending with a dash,
 * at most 40 characters).
 */
export function serviceNameFormatError(name: string): string | undefined {
  if (name === '') {
    return 'Enter a name: lower-case letters, digits and dashes, starting with a letter.';
  }
  const fix = suggestion(name);
  const tryFix = fix ? ` Try "${fix}".` : '';
  const disallowed = disallowedCharacters(name);
  if (disallowed.length > 0) {
    return `Not allowed in a name: ${joinList(
      disallowed,
    )}. Use lower-case letters, digits and dashes.${tryFix}`;
  }
  if (!/^[a-z]/.test(name)) {
    return `The name must start with a letter, not "${name[0]}".${tryFix}`;
  }
  if (name.endsWith('-')) {
    return `The name must not end with a dash.${tryFix}`;
  }
  if (name.length > SERVICE_NAME_MAX_LENGTH) {
    const over = name.length - SERVICE_NAME_MAX_LENGTH;
    return `The name is ${name.length} characters long, more than ${SERVICE_NAME_MAX_LENGTH}: shorten it by ${over}.`;
  }
  return undefined;
}

/** Capital letters, spaces and any other character outside [a-z0-9-], each named once. */
function disallowedCharacters(name: string): string[] {
  const found: string[] = [];
  if (/[A-Z]/.test(name)) found.push('capital letters');
  if (/\s/.test(name)) found.push('spaces');
  const others = new Set(name.replace(/[a-zA-Z0-9\s-]/g, ''));
  for (const char of others) found.push(`"${char}"`);
  return found;
}

/** A well-formed name close to what was typed, when one can be made without cutting it. */
function suggestion(name: string): string | undefined {
  const candidate = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  const usable =
    candidate !== name &&
    candidate.length <= SERVICE_NAME_MAX_LENGTH &&
    SERVICE_NAME_PATTERN.test(candidate);
  return usable ? candidate : undefined;
}

function joinList(items: string[]): string {
  return items.length === 1
    ? items[0]
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
