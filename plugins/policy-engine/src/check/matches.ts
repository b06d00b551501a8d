import type { PolicyMatch, Subject } from '../types';

/** Whether a policy's `match` selects a subject. */
export function matches(match: PolicyMatch, subject: Subject): boolean {
  const { resource } = subject;
  switch (subject.family) {
    case 'kubernetes':
      return (
        !!match.kubernetes &&
        (!match.kubernetes.kinds ||
          match.kubernetes.kinds.includes(resource.kind))
      );
    case 'catalog': {
      const kinds = match.catalog?.kinds?.map(k =>
        k.toLocaleLowerCase('en-US'),
      );
      return (
        !!match.catalog &&
        (!kinds || kinds.includes(resource.kind.toLocaleLowerCase('en-US')))
      );
    }
    case 'terraform': {
      if (!match.terraform) return false;
      const typeKey =
        resource.kind === 'data' ? `data.${resource.type}` : resource.type;
      const types = match.terraform.resourceTypes;
      if (!types) return resource.kind !== 'data';
      return types.some(t =>
        t.endsWith('*') ? typeKey.startsWith(t.slice(0, -1)) : typeKey === t,
      );
    }
    default:
      return false;
  }
}
