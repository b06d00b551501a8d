/**
 * The pull request's description: the author's own text, a table of the modules it adds, who asked
 * for it and a link back to the Runway task. Every input value is escaped for Markdown.
 */
import { escapeMarkdownText, safeMarkdown } from '@runway/github-node';
import { HclValue, ModuleSpec, hclString } from './hcl';

export interface PrBodyInput {
  /** Extra Markdown from the template, placed first; its HTML, links and mentions become text. */
  body?: string;
  modules: ModuleSpec[];
  /** Repository paths the change writes. */
  files: string[];
  /** Repository paths the change deletes. */
  removed?: string[];
  /** Entity ref of the person who ran the template. */
  requestedBy?: string;
  taskId: string;
  /** Runway's app base URL. */
  baseUrl: string;
}

const MAX_ROWS = 50;
const MAX_VARIABLES = 4;
const MAX_CELL = 80;

export function taskUrl(baseUrl: string, taskId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/create/tasks/${encodeURIComponent(
    taskId,
  )}`;
}

export function renderPrBody(input: PrBodyInput): string {
  const sections: string[] = [];
  // Templates fill the body from user input: formatting stays, HTML, links and pings do not.
  if (input.body?.trim()) sections.push(safeMarkdown(input.body.trim()));
  if (input.modules.length) sections.push(moduleTable(input.modules));
  if (input.files.length)
    sections.push(
      `**Files:** ${input.files.map(escapeMarkdownText).join(', ')}`,
    );
  if (input.removed?.length)
    sections.push(
      `**Removes:** ${input.removed.map(escapeMarkdownText).join(', ')}`,
    );
  const requester = escapeMarkdownText(input.requestedBy ?? 'unknown');
  sections.push(
    `---\nRequested by ${requester} through [Runway task ${escapeMarkdownText(
      input.taskId,
    )}](${taskUrl(input.baseUrl, input.taskId)}).`,
  );
  return `${sections.join('\n\n')}\n`;
}

function moduleTable(modules: ModuleSpec[]): string {
  const rows = modules
    .slice(0, MAX_ROWS)
    .map(
      m =>
        `| ${cell(m.name)} | ${cell(m.source)} | ${keyVariables(
          m.variables ?? {},
        )} |`,
    );
  if (modules.length > MAX_ROWS)
    rows.push(`| … and ${modules.length - MAX_ROWS} more | | |`);
  return [
    '### Terraform modules',
    '',
    '| Module | Source | Key variables |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The first few variables as `name = value`, one per line of the cell. */
function keyVariables(variables: Record<string, HclValue>): string {
  const entries = Object.entries(variables);
  const shown = entries
    .slice(0, MAX_VARIABLES)
    .map(([name, value]) => cell(`${name} = ${summary(value)}`));
  if (entries.length > MAX_VARIABLES)
    shown.push(`+${entries.length - MAX_VARIABLES} more`);
  return shown.join('<br>');
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function summary(value: HclValue): string {
  if (typeof value === 'string') return hclString(value);
  if (Array.isArray(value)) return `[${count(value.length, 'item')}]`;
  if (typeof value === 'object')
    return `{${count(Object.keys(value).length, 'key')}}`;
  return String(value);
}

function cell(text: string): string {
  const chars = [...text];
  const short =
    chars.length > MAX_CELL
      ? `${chars.slice(0, MAX_CELL - 1).join('')}…`
      : text;
  return escapeMarkdownText(short);
}
