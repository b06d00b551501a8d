/** Reads catalog-info.yaml into its YAML documents, each with the line it starts on. */
import { LineCounter, parseAllDocuments } from 'yaml';

export interface CatalogDocument {
  /** 1-based line of the document's first node. */
  line: number;
  data: unknown;
}

export type ParsedCatalogInfo =
  | { ok: true; documents: CatalogDocument[] }
  | { ok: false; line?: number; problem: string };

/** Parses every document; empty ones (a trailing `---`) are dropped, syntax errors reported with a line. */
export function parseCatalogInfo(content: string): ParsedCatalogInfo {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(content, { lineCounter });
  const parsed: CatalogDocument[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      return {
        ok: false,
        line: error.linePos?.[0].line,
        problem: `catalog-info.yaml is not valid YAML: ${
          error.message.split('\n')[0]
        }`,
      };
    }
    if (document.contents === null) continue;
    const offset = document.contents.range?.[0] ?? 0;
    parsed.push({
      line: lineCounter.linePos(offset).line,
      data: document.toJS(),
    });
  }
  return { ok: true, documents: parsed };
}
