/**
 * The two text edits an install manifest makes to QEMU's own files: adding source names to a
 * meson.build list, and replacing a device's lines of a trace-events file with the generated
 * fragment. Both are pure functions of the file's text, and both are idempotent — applied to
 * their own output they return it unchanged — so `devgen qemu install` can run again and again
 * on the same tree.
 */

/** Result of the meson.build edit: the new text, or the reason it cannot be made. */
export type MesonEdit = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'no-entry' };

/** Whether `text` names `name` as a quoted meson string. */
function namesSource(text: string, name: string): boolean {
  return text.includes(`'${name}'`) || text.includes(`"${name}"`);
}

/**
 * Inserts each of `add` that `text` does not already name right after the first quoted entry
 * `after` (meson strings are single-quoted in QEMU; double quotes are accepted too), in order.
 */
export function addMesonSources(text: string, after: string, add: readonly string[]): MesonEdit {
  const missing = add.filter((name) => !namesSource(text, name));
  const single = text.indexOf(`'${after}'`);
  const double = text.indexOf(`"${after}"`);
  const at = single >= 0 ? single : double;
  if (at < 0) return { ok: false, reason: 'no-entry' };
  if (missing.length === 0) return { ok: true, text };
  const end = at + after.length + 2;
  const insert = missing.map((name) => `, '${name}'`).join('');
  return { ok: true, text: text.slice(0, end) + insert + text.slice(end) };
}

/** The event name a trace-events line declares, or undefined for comments and blank lines. */
export function traceEventName(line: string): string | undefined {
  // An event line is `[property ...] name(args) "format"`; the properties are bare words.
  const m = /^\s*((?:[a-z_]+\s+)*)([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
  return m === null ? undefined : m[2];
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Index of the first place `block` occurs in `lines` as consecutive lines, or -1. */
function findBlock(lines: readonly string[], block: readonly string[]): number {
  if (block.length === 0) return -1;
  outer: for (let i = 0; i + block.length <= lines.length; i++) {
    for (let j = 0; j < block.length; j++) if (lines[i + j] !== block[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Replaces the device's trace events in a trace-events file: every event line whose name starts
 * with `prefix` is removed (and the fragment itself, where an earlier install put it), and the
 * fragment goes where the first removed line was, or at the end when there was none. Comment
 * lines the fragment starts with that the file has right above that place (QEMU's `# pl011.c`
 * heading) are taken out of the file, so they are not repeated.
 */
export function replaceTraceEvents(text: string, prefix: string, fragment: string): string {
  const MARK = Symbol('fragment');
  const frag = splitLines(fragment);
  let lines: (string | typeof MARK)[] = splitLines(text);
  const previous = findBlock(lines as string[], frag);
  if (previous >= 0) lines = [...lines.slice(0, previous), MARK, ...lines.slice(previous + frag.length)];
  let marked = previous >= 0;
  const kept: (string | typeof MARK)[] = [];
  for (const line of lines) {
    const name = typeof line === 'string' ? traceEventName(line) : undefined;
    if (name !== undefined && name.startsWith(prefix)) {
      if (!marked) kept.push(MARK);
      marked = true;
      continue;
    }
    kept.push(line);
  }
  if (!marked) kept.push(MARK);
  const at = kept.indexOf(MARK);
  const before = kept.slice(0, at) as string[];
  const after = kept.slice(at + 1) as string[];
  // The fragment brings its own headings: those of its leading comment block that the file has
  // right above the device's events are dropped from the file, not repeated.
  const leading = new Set<string>();
  for (const l of frag) {
    if (l.trim() === '') continue;
    if (!l.trimStart().startsWith('#')) break;
    leading.add(l);
  }
  while (before.length > 0 && leading.has(before[before.length - 1]!)) before.pop();
  const out = [...before, ...frag, ...after];
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
