/**
 * Maps an offset inside a YAML scalar's value (a CEL expression) back to a line and column of the
 * policy file, so a CEL error points at the character in the file, not in the string.
 */
import { LineCounter, Scalar } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

interface Segment {
  /** Offset in the value where this source line's text starts. */
  valueStart: number;
  line: number;
  column: number;
}

/**
 * Exact for one-line scalars and literal blocks (`|`); for folded (`>`) and multi-line plain or
 * quoted scalars each source line is taken as joined by one space, which is what YAML does unless
 * the text has blank lines or escapes.
 */
export function scalarPositions(
  source: string,
  node: Scalar,
  lines: LineCounter,
): (offset: number) => Position {
  const [start, end] = node.range ?? [0, 0];
  const block =
    node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const quoted =
    node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const segments: Segment[] = [];
  let valueStart = 0;
  if (block) {
    // Content starts on the line after the header (`|`, `>-`, ...).
    const body = source.slice(start, end).split('\n').slice(1);
    const indents = body
      .filter(l => l.trim())
      .map(l => l.length - l.trimStart().length);
    const indent = indents.length ? Math.min(...indents) : 0;
    const first = lines.linePos(start).line + 1;
    const literal = node.type === Scalar.BLOCK_LITERAL;
    body.forEach((text, i) => {
      // Literal blocks keep indentation beyond the block's own; folded ones are joined by spaces.
      const lead = literal
        ? Math.min(indent, text.length)
        : text.length - text.trimStart().length;
      const content = literal ? text.slice(lead) : text.trim();
      segments.push({ valueStart, line: first + i, column: lead + 1 });
      valueStart += content.length + 1;
    });
  } else {
    const from = quoted ? start + 1 : start;
    const raw = source.slice(from, quoted ? end - 1 : end).split('\n');
    let offset = from;
    raw.forEach((text, i) => {
      const lead = i === 0 ? 0 : text.length - text.trimStart().length;
      const pos = lines.linePos(offset + lead);
      segments.push({ valueStart, line: pos.line, column: pos.col });
      valueStart += text.trim().length + 1;
      offset += text.length + 1;
    });
  }
  return offset => {
    let segment = segments[0] ?? { valueStart: 0, line: 1, column: 1 };
    for (const s of segments) if (s.valueStart <= offset) segment = s;
    return {
      line: segment.line,
      column: segment.column + (offset - segment.valueStart),
    };
  };
}
