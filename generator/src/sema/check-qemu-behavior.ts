/**
 * The hand-written C behaviour of a device with a `qemu:` section against the hooks its
 * definition names, without a C compiler: the C file's function definitions are found by a
 * small scanner (comments, strings and character literals skipped, braces counted), and
 *
 * - every hook the definition names (names/qemu-c-names.ts `cHooks`) must be a function
 *   defined there (`qemu-hook-missing`, at the definition element asking for the hook);
 * - a function shaped like a hook of the device (`possibleCHookNames`) that the definition does not
 *   name is reported at its name in the C file (`qemu-hook-unknown`), unless the behaviour
 *   header declares it (a public helper), since the generated source never calls it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { DiagnosticSink, didYouMean, q } from '../diagnostics/diagnostic.ts';
import type { DeviceIR, QemuPlacementIR, Span } from '../ir/ir.ts';
import { cHooks, possibleCHookNames } from '../names/qemu-c-names.ts';

/** A function found in C source: its name, where the name is, and whether it is `static`. */
export interface CFunction {
  readonly name: string;
  readonly line: number;
  readonly col: number;
  readonly isStatic: boolean;
  /** A definition (`{` follows) rather than a declaration (`;` follows). */
  readonly defined: boolean;
}

/** C source with comments, string and character literals blanked (newlines kept, so positions hold). */
function blank(text: string): string {
  let out = '';
  let i = 0;
  const keep = (s: string): string => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const c = text[i]!;
    const n = text[i + 1];
    if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += keep(text.slice(i, stop));
      i = stop;
    } else if (c === '/' && n === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += keep(text.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += keep(text.slice(i, j + 1));
      i = j + 1;
    } else if (c === '#' && /(?:^|\n)[ \t]*$/.test(out)) {
      // A preprocessor line (with its continuations) is not C declarations.
      let j = i;
      while (j < text.length && !(text[j] === '\n' && text[j - 1] !== '\\')) j++;
      out += keep(text.slice(i, j));
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The functions declared or defined at file scope of a C file: an identifier followed by a
 * parenthesised parameter list at brace depth 0, then `{` (defined) or `;` (declared).
 */
export function scanCFunctions(text: string): CFunction[] {
  const src = blank(text);
  const out: CFunction[] = [];
  let depth = 0;
  let stmtStart = 0;
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const pos = (at: number): { line: number; col: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: at - lineStarts[lo]! + 1 };
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '{') {
      depth++;
      continue;
    }
    if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) stmtStart = i + 1;
      continue;
    }
    if (depth > 0) continue;
    if (c === ';') {
      stmtStart = i + 1;
      continue;
    }
    if (c !== '(') continue;
    // The identifier right before the parenthesis names the function.
    let e = i;
    while (e > 0 && /\s/.test(src[e - 1]!)) e--;
    let b = e;
    while (b > 0 && /[A-Za-z0-9_]/.test(src[b - 1]!)) b--;
    const name = src.slice(b, e);
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const head = src.slice(stmtStart, b);
    // A call or macro at file scope (type_init(...), DEFINE_TYPES(...)) has no return type before it.
    if (!/[A-Za-z0-9_*]\s*$/.test(head) || /=/.test(head)) continue;
    let close = i;
    let pd = 0;
    for (; close < src.length; close++) {
      if (src[close] === '(') pd++;
      else if (src[close] === ')' && --pd === 0) break;
    }
    let k = close + 1;
    while (k < src.length && /\s/.test(src[k]!)) k++;
    const next = src[k];
    if (next !== '{' && next !== ';') continue;
    const p = pos(b);
    out.push({ name, line: p.line, col: p.col, isStatic: /\bstatic\b/.test(head), defined: next === '{' });
    i = k - 1;
  }
  return out;
}

/** The C texts a device's behaviour check reads (undefined: the file does not exist). */
export interface QemuBehaviorTexts {
  /** Display path of `<stem>.behavior.c` and its text. */
  readonly source: { readonly path: string; readonly text: string | undefined };
  /** Display path of `<stem>.behavior.h` and its text, when `behavior-header` is given. */
  readonly header: { readonly path: string; readonly text: string | undefined } | undefined;
}

const spanAt = (file: string, line: number, col: number, length: number): Span => ({ file, line, col, endLine: line, endCol: col + length });

/** Checks a device's C behaviour against its hooks (see the module comment). */
export function checkQemuBehavior(device: DeviceIR & { readonly qemu: QemuPlacementIR }, texts: QemuBehaviorTexts): Diagnostic[] {
  const sink = new DiagnosticSink();
  const q_ = device.qemu;
  if (texts.source.text === undefined) {
    sink.report('qemu-behavior-file-missing', q_.span, { file: q(texts.source.path) }, `in device ${q(device.name)}`);
  }
  if (texts.header !== undefined && texts.header.text === undefined) {
    sink.report('qemu-behavior-file-missing', q_.span, { file: q(texts.header.path) }, `in device ${q(device.name)}`);
  }
  if (texts.source.text === undefined) return sink.toArray();
  const fns = scanCFunctions(texts.source.text);
  const defined = new Map(fns.filter((f) => f.defined).map((f) => [f.name, f]));
  const hooks = cHooks(device);
  const hookNames = new Set(hooks.map((h) => h.name));
  for (const h of hooks) {
    const f = defined.get(h.name);
    if (f !== undefined && !f.isStatic) continue;
    const what = h.binding.register ? `${h.binding.kind} hook of register ${h.binding.block ? `${h.binding.block.name}.` : ''}${h.binding.register.name}` : `${h.binding.kind} hook${h.binding.what ? ` of ${h.binding.what}` : ''}`;
    sink.report('qemu-hook-missing', h.binding.span, { file: q(texts.source.path), name: q(h.name), what: f?.isStatic ? `${what}; it is static, so the generated source cannot call it` : what });
  }
  const shaped = possibleCHookNames(device);
  const declared = new Set(texts.header?.text === undefined ? [] : scanCFunctions(texts.header.text).map((f) => f.name));
  for (const f of defined.values()) {
    if (hookNames.has(f.name) || declared.has(f.name) || !shaped.has(f.name)) continue;
    sink.report('qemu-hook-unknown', spanAt(texts.source.path, f.line, f.col, f.name.length), {
      name: q(f.name), device: q(device.name), hint: didYouMean(f.name, [...hookNames]),
    });
  }
  return sink.toArray();
}
