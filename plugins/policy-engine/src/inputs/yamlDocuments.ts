/**
 * Multi-document YAML with the line each document (and each item of a List) starts on.
 * js-yaml, not the `yaml` package: it parses manifests about ten times faster, which is most of
 * a check's time; policy files, where node positions matter, still use `yaml`.
 */
import { CORE_SCHEMA, load, type YAMLException } from 'js-yaml';

export interface YamlDocument {
  value: unknown;
  /** 1-based line of the document's first content line. */
  line?: number;
  /** 1-based lines of `items:` entries, when the document has them at its top level. */
  itemLines?: number[];
}

export type YamlResult =
  | { documents: YamlDocument[] }
  | { error: { line?: number; message: string } };

const DOCUMENT_START = /^---(?:\s|$)/;
const CONTENT = /^(?!\s*(?:#|$))/;

export function loadYamlDocuments(content: string): YamlResult {
  const lines = content.split(/\r?\n/);
  const starts = [0];
  lines.forEach((line, i) => {
    if (i > 0 && DOCUMENT_START.test(line)) starts.push(i);
  });
  const documents: YamlDocument[] = [];
  for (let d = 0; d < starts.length; d++) {
    const from = starts[d];
    const chunk = lines.slice(from, starts[d + 1] ?? lines.length);
    let value: unknown;
    try {
      // CORE_SCHEMA: no timestamps or binary, the types YAML 1.2 and JSON share (as `yaml` reads them).
      value = load(chunk.join('\n'), { schema: CORE_SCHEMA });
    } catch (error) {
      const e = error as YAMLException;
      return {
        error: {
          line: e.mark ? from + e.mark.line + 1 : undefined,
          message: e.reason ?? e.message,
        },
      };
    }
    if (value === undefined || value === null) continue;
    const first = chunk.findIndex(
      l => CONTENT.test(l) && !/^---\s*(#.*)?$/.test(l),
    );
    documents.push({
      value,
      line: first >= 0 ? from + first + 1 : undefined,
      itemLines: itemLines(chunk).map(i => from + i + 1),
    });
  }
  return { documents };
}

/** Lines (0-based, in the chunk) of the entries of a top-level `items:` list. */
function itemLines(chunk: string[]): number[] {
  const at = chunk.findIndex(l => /^items\s*:\s*(#.*)?$/.test(l));
  if (at < 0) return [];
  const out: number[] = [];
  let indent: number | undefined;
  for (let i = at + 1; i < chunk.length; i++) {
    const line = chunk[i];
    if (!CONTENT.test(line)) continue;
    const lead = line.length - line.trimStart().length;
    const entry = /^\s*-(?:\s|$)/.test(line);
    if (lead === 0 && !entry) break;
    if (entry && (indent === undefined || lead === indent)) {
      indent = lead;
      out.push(i);
    }
  }
  return out;
}
