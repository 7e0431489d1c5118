/**
 * vmstate-diff's reports. A finding on a side read from the definitions (`current`) carries
 * the definition's `file:line:col`, like every other devgen diagnostic.
 */
import type { Span } from '../ir/ir.ts';
import type { VmStateDumpNode } from '../../../runtime/src/formats/vmstate-dump.ts';
import { countChanges, type VmStateChange } from './changes.ts';

/** Finds the definition span of a new-side node, when the new side came from definitions. */
export type ChangeLocator = (node: VmStateDumpNode) => Span | undefined;

function spanOf(c: VmStateChange, locate: ChangeLocator | undefined): Span | undefined {
  return c.at === undefined || locate === undefined ? undefined : locate(c.at);
}

/** Text report: one line per finding, `[file:line:col: ]severity[id] path: message`, then a summary. */
export function formatChangesText(changes: readonly VmStateChange[], options: { readonly showNotes: boolean; readonly locate?: ChangeLocator }): string {
  const shown = changes.filter((c) => options.showNotes || c.severity !== 'note');
  const lines = shown.map((c) => {
    const span = spanOf(c, options.locate);
    const where = span === undefined ? '' : `${span.file}:${span.line}:${span.col}: `;
    return `${where}${c.severity}[${c.id}] ${c.path.length ? c.path.join(' > ') : '(dump)'}: ${c.message}`;
  });
  const n = countChanges(changes);
  lines.push(n.errors === 0 && n.warnings === 0
    ? `migration compatible: no errors, no warnings (${n.notes} compatible change(s))`
    : `${n.errors} error(s), ${n.warnings} warning(s), ${n.notes} compatible change(s)`);
  return `${lines.join('\n')}\n`;
}

/** JSON report: `{ errors, warnings, notes, changes: [{ id, severity, path, message, file?, line?, col? }] }`. */
export function formatChangesJson(changes: readonly VmStateChange[], locate?: ChangeLocator): string {
  const rows = changes.map((c) => {
    const span = spanOf(c, locate);
    return {
      id: c.id, severity: c.severity, path: c.path, message: c.message,
      ...(span === undefined ? {} : { file: span.file, line: span.line, col: span.col }),
    };
  });
  return `${JSON.stringify({ ...countChanges(changes), changes: rows }, null, 2)}\n`;
}
