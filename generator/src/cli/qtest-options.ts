/**
 * The options of `devgen qtest`, in one table: main.ts declares the commander command from it
 * (qtest-command.ts), and the fast start (qtest-fast.ts) reads the plain forms of the same
 * options without loading commander. The fast reader takes only what it is sure of — every word
 * an option it knows, `--name value`, `--name=value`, several values after a repeatable one —
 * and leaves anything else (help, a typo, a missing value) to commander, which answers it.
 */
import type { QtestArgs } from '../api/qtest-image.ts';
import { ROOT_HELP } from './project-root.ts';

export type { QtestArgs };

/** One option of `devgen qtest`. */
export interface QtestOptionSpec {
  /** Long name, without the dashes. */
  readonly name: keyof QtestArgs;
  /** The value's placeholder in the help. */
  readonly value: string;
  readonly help: string;
  /** Takes several values (repeatable, or several words after it). */
  readonly many?: boolean;
  readonly required?: boolean;
  readonly default?: string;
}

/** The options, in the order the help lists them. */
export const QTEST_OPTIONS: readonly QtestOptionSpec[] = [
  { name: 'machine', value: 'name', help: 'machine to build (e.g. virt)', required: true },
  { name: 'serial', value: 'spec', help: 'serial back end: null, stdio, file:PATH', default: 'null' },
  { name: 'device', value: 'spec', help: 'extra devices to plug in (machine-specific)', many: true },
  { name: 'global', value: 'spec', help: 'global device properties like QEMU -global TYPE.PROP=VALUE (e.g. hpet.timers=32)', many: true },
  { name: 'trace', value: 'pattern', help: 'enable trace events matching a pattern (e.g. pl011_*), printed on stderr like QEMU -trace', many: true },
  { name: 'rtc', value: 'spec', help: 'RTC clock source like QEMU -rtc: base=utc|localtime|DATE, clock=host|rt|vm (e.g. base=2020-01-01T00:00:00,clock=vm)' },
  { name: 'qmp', value: 'spec', help: 'serve QMP on a Unix socket beside qtest (unix:PATH, like -qmp); the process ends at QMP quit' },
  { name: 'incoming', value: 'spec', help: 'load the devices from a migration file before the first qtest command (file:PATH, like -incoming)' },
  { name: 'root', value: 'dir', help: ROOT_HELP },
];

/** Commander's flags string of an option: `--device <spec...>`. */
export function qtestOptionFlags(o: QtestOptionSpec): string {
  return `--${o.name} <${o.value}${o.many === true ? '...' : ''}>`;
}

const BY_NAME = new Map(QTEST_OPTIONS.map((o) => [o.name as string, o]));

/** A word commander would take for an option rather than a value. */
const optionLike = (w: string): boolean => w.startsWith('-');

/**
 * The options in `words` (what follows `qtest`) when they are all plain forms of known options
 * with their values; undefined for anything commander should see (it then parses the same
 * words and answers as it always does).
 */
export function readQtestArgs(words: readonly string[]): QtestArgs | undefined {
  const got: Record<string, string | string[]> = {};
  for (let i = 0; i < words.length;) {
    const word = words[i++]!;
    if (!word.startsWith('--') || word === '--') return undefined;
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    const spec = BY_NAME.get(name);
    if (spec === undefined) return undefined;
    const inline = eq < 0 ? undefined : word.slice(eq + 1);
    if (inline === '') return undefined;
    if (spec.many === true) {
      const values = inline === undefined ? [] : [inline];
      while (i < words.length && !optionLike(words[i]!)) values.push(words[i++]!);
      if (values.length === 0) return undefined;
      const before = got[name];
      got[name] = [...(Array.isArray(before) ? before : []), ...values];
    } else {
      const value = inline ?? (i < words.length && !optionLike(words[i]!) && words[i] !== '' ? words[i++] : undefined);
      if (value === undefined) return undefined;
      got[name] = value;
    }
  }
  for (const o of QTEST_OPTIONS) {
    if (got[o.name] === undefined && o.default !== undefined) got[o.name] = o.default;
    if (o.required === true && got[o.name] === undefined) return undefined;
  }
  return got as unknown as QtestArgs;
}
