/**
 * Kubernetes manifests and Backstage catalog entities from YAML (multi-document) or JSON. A
 * document with `apiVersion` and `kind` is a Kubernetes object, unless its apiVersion's group is
 * `backstage.io` or ends in `.backstage.io`: then it is a catalog entity. `List` kinds are expanded.
 */
import type { CheckedFile, Family, ResourceInfo } from '../types';
import {
  emptyParsed,
  isPlainObject,
  type Parsed,
  type PartialSubject,
} from './parsed';
import { loadYamlDocuments } from './yamlDocuments';

/** Nunjucks (Backstage skeletons): never valid manifests until rendered. */
const NUNJUCKS = /\$\{\{|\{%/;
/** Go templates (Helm): often valid YAML whose values are still placeholders. */
const GO_TEMPLATE =
  /\{\{-|\{\{\s*(?:\.|include\b|template\b|if\b|range\b|with\b|end\b|toYaml\b)/;

/**
 * Templates are skipped: their rendered output is what gets checked. Nunjucks always; Go templates
 * in a Helm chart's templates/ folder, or when the file is not valid YAML (an Argo CD
 * ApplicationSet's quoted `{{ .path }}` values leave it a valid manifest, checked as one).
 */
export function parseManifestFile(file: string, content: string): Parsed {
  const skip: Parsed = {
    files: [{ file, kind: 'skipped', resources: 0 }],
    subjects: [],
    problems: [],
  };
  if (NUNJUCKS.test(content)) return skip;
  const goTemplate = GO_TEMPLATE.test(content);
  if (goTemplate && /(^|\/)templates\//.test(file)) return skip;
  const parsed = parseYamlManifests(file, content);
  return goTemplate && parsed.problems.length ? skip : parsed;
}

interface Doc {
  value: unknown;
  line?: number;
  /** Lines of List items, by index. */
  itemLines?: number[];
}

export function parseYamlManifests(file: string, content: string): Parsed {
  const loaded = loadYamlDocuments(content);
  if ('error' in loaded) {
    const out = emptyParsed();
    // Only a file that means to be a manifest is an error; other YAML (CI config, ...) is skipped.
    if (/^\s*apiVersion\s*:/m.test(content) && /^\s*kind\s*:/m.test(content)) {
      out.files.push({ file, kind: 'kubernetes', resources: 0 });
      out.problems.push({
        file,
        line: loaded.error.line,
        message: `the YAML cannot be parsed: ${loaded.error.message}`,
      });
    } else out.files.push({ file, kind: 'skipped', resources: 0 });
    return out;
  }
  return fromDocs(file, loaded.documents);
}

export function parseJsonManifest(file: string, value: unknown): Parsed {
  return fromDocs(file, [{ value }]);
}

function fromDocs(file: string, docs: Doc[]): Parsed {
  const out = emptyParsed();
  const count: Record<Family, number> = {
    kubernetes: 0,
    catalog: 0,
    terraform: 0,
  };
  const add = (value: unknown, line: number | undefined) => {
    const subject = toSubject(file, value, line);
    if (!subject) return;
    out.subjects.push(subject);
    count[subject.family] += 1;
  };
  for (const doc of docs) {
    const v = doc.value;
    if (isPlainObject(v) && isList(v)) {
      const items = v.items as unknown[];
      // Item lines are found by indentation; when that count is off, the List's line is used.
      const lines =
        doc.itemLines?.length === items.length ? doc.itemLines : undefined;
      items.forEach((item, i) => add(item, lines?.[i] ?? doc.line));
    } else add(v, doc.line);
  }
  const entries: CheckedFile[] = [];
  if (count.kubernetes)
    entries.push({ file, kind: 'kubernetes', resources: count.kubernetes });
  if (count.catalog)
    entries.push({ file, kind: 'catalog', resources: count.catalog });
  out.files.push(
    ...(entries.length
      ? entries
      : [{ file, kind: 'skipped' as const, resources: 0 }]),
  );
  return out;
}

function isList(v: Record<string, unknown>): boolean {
  return (
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    typeof v.apiVersion === 'string' &&
    Array.isArray(v.items)
  );
}

export function isCatalogApiVersion(apiVersion: string): boolean {
  const group = apiVersion.split('/')[0];
  return (
    apiVersion.includes('/') &&
    (group === 'backstage.io' || group.endsWith('.backstage.io'))
  );
}

function toSubject(
  file: string,
  value: unknown,
  line: number | undefined,
): PartialSubject | undefined {
  if (!isPlainObject(value)) return undefined;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return undefined;
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const name = str(metadata.name) || str(metadata.generateName) || '<unnamed>';
  const namespace = str(metadata.namespace);
  const catalog = isCatalogApiVersion(apiVersion);
  const spec = isPlainObject(value.spec) ? value.spec : {};
  const resource: ResourceInfo = catalog
    ? {
        kind,
        name,
        namespace: namespace || 'default',
        type: str(spec.type),
        address: `${kind.toLocaleLowerCase('en-US')}:${
          namespace || 'default'
        }/${name}`,
        file,
        apiVersion,
      }
    : {
        kind,
        name,
        namespace,
        type: '',
        address: [kind, namespace, name].filter(Boolean).join('/'),
        file,
        apiVersion,
      };
  return {
    family: catalog ? 'catalog' : 'kubernetes',
    file,
    line,
    object: value,
    resource,
    related: {},
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
