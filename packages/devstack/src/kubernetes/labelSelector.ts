/**
 * Kubernetes label selectors as kubectl, client libraries and Argo CD's `selector` send them:
 * `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, joined by commas.
 */
export function matchesSelector(
  labels: Record<string, string> = {},
  selector?: string,
): boolean {
  if (!selector) return true;
  // Commas inside `in (...)` are not term separators.
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every(term => matchesTerm(labels, term.trim()));
}

function matchesTerm(labels: Record<string, string>, term: string): boolean {
  if (!term) return true;
  const set = term.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/);
  if (set) {
    const values = set[3].split(',').map(v => v.trim());
    const has = set[1] in labels && values.includes(labels[set[1]]);
    return set[2] === 'in' ? has : !has;
  }
  if (term.startsWith('!')) return !(term.slice(1).trim() in labels);
  const neq = term.split('!=');
  if (neq.length === 2) return labels[neq[0].trim()] !== neq[1].trim();
  const eq = term.split(/==?/);
  if (eq.length === 2) return labels[eq[0].trim()] === eq[1].trim();
  return term in labels;
}
