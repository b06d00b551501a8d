/**
 * SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it: one rule per policy, one
 * result per violation located at its file (and line when known).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { INPUT_INVALID, INPUT_INVALID_TITLE } from '../check/runCheck';
import type { CheckResult, Policy, Severity, Violation } from '../types';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifOptions {
  /**
   * The portal's URL: policy links relative to it (`/create/...`) become absolute `helpUri`s.
   * Without it such links go into each rule's help text only, since SARIF's helpUri is absolute.
   */
  baseUrl?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub's security-severity scale (0-10) for code scanning's own severity labels. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

type RuleSource = Pick<
  Policy,
  'id' | 'title' | 'severity' | 'description' | 'remediation' | 'link'
>;

export function toSarif(
  result: CheckResult,
  options: SarifOptions = {},
): object {
  const rules = rulesFor(result);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Runway policy',
            rules: rules.map(r => rule(r, options)),
          },
        },
        results: result.violations.map(v => ({
          ruleId: v.policyId,
          ruleIndex: index.get(v.policyId),
          level: LEVEL[v.severity],
          message: { text: `${v.resource}: ${v.message}` },
          locations: [location(v)],
          properties: { severity: v.severity, resource: v.resource },
        })),
      },
    ],
  };
}

function rulesFor(result: CheckResult): RuleSource[] {
  const rules: RuleSource[] = [...result.policies];
  const known = new Set(rules.map(r => r.id));
  for (const v of result.violations) {
    if (known.has(v.policyId)) continue;
    known.add(v.policyId);
    rules.push({
      id: v.policyId,
      title: v.policyId === INPUT_INVALID ? INPUT_INVALID_TITLE : v.title,
      severity: v.severity,
      description:
        v.policyId === INPUT_INVALID
          ? 'A file meant for the policies (a manifest, Terraform or a plan) could not be parsed, so nothing in it can be shown to comply.'
          : v.title,
      remediation: v.remediation,
      link: v.link,
    });
  }
  return rules;
}

function rule(r: RuleSource, options: SarifOptions) {
  const helpUri = absolute(r.link, options.baseUrl);
  const linkText = r.link ? ` See ${helpUri ?? r.link}.` : '';
  return {
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.remediation}${linkText}` },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      severity: r.severity,
      'security-severity': SECURITY_SEVERITY[r.severity],
      ...(r.link ? { link: r.link } : {}),
    },
  };
}

function absolute(
  link: string | undefined,
  baseUrl: string | undefined,
): string | undefined {
  if (!link) return undefined;
  if (/^https?:\/\//.test(link)) return link;
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}${link}` : undefined;
}

function location(v: Violation) {
  const uri = path.isAbsolute(v.file)
    ? pathToFileURL(v.file).href
    : encodeURI(v.file);
  return {
    physicalLocation: {
      artifactLocation: { uri },
      ...(v.line ? { region: { startLine: v.line } } : {}),
    },
    logicalLocations: [{ fullyQualifiedName: v.resource }],
  };
}
