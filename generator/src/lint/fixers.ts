/**
 * The fix registry: for every lint rule, whether `devgen lint --fix` may rewrite its findings,
 * and why. A fix is offered only where it cannot change anything a user of the device depends
 * on — what the guest sees (layout, access, reset values, log lines), the command line (type
 * and property names), the migration stream, trace event names — or any name that hand-written
 * code uses. Rules whose remedy needs knowledge of the hardware (descriptions, reserved ranges)
 * get no placeholder either: a placeholder is not a fix.
 *
 * Fixers work on the source, not the IR: a finding's span starts where its declaration starts,
 * and the fixer edits one entry of the mapping there (see fix-source.ts), so the same fixer
 * serves YAML and decorator definitions wherever the front end's span is exact.
 */
import type { EditableSource } from './fix-source.ts';
import type { FixUnavailable, LintFix } from './fix.ts';
import { identifiersFor } from './helpers.ts';
import type { LintRuleId } from './rule.ts';

/** What a fixer is given for one finding. */
export interface FixerInput {
  /** Character offset in the definition text where the finding's span starts. */
  readonly offset: number;
  readonly source: EditableSource;
  /** The definition text and, for a decorator definition, whether the behaviour lives in it. */
  readonly defText: string;
  readonly decorators: boolean;
  /** Text of a separate behaviour file, when there is one. */
  readonly behaviorText: string | undefined;
}

/** Turns one finding into a fix, or says why it cannot here. */
export type Fixer = (input: FixerInput) => LintFix | FixUnavailable;

/** The fix decision of one rule. */
export type FixDecision =
  | { readonly fixable: true; readonly why: string; readonly fix: Fixer }
  | { readonly fixable: false; readonly why: string };

const UPPER = /^[A-Z][A-Z0-9_]*$/;

/** `txEnable` → `TX_ENABLE`, `tx-en` → `TX_EN`, `Mode` → `MODE`, `rx2fifo` → `RX2FIFO`. */
export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** Lower-case words of an identifier or name, split as upperSnake splits them. */
function wordsOf(name: string): string[] {
  return upperSnake(name).toLowerCase().split('_').filter((w) => w !== '');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How often `name` occurs in `text` as a whole word (YAML and TS names: letters, digits, `_`, `$`, `-`). */
function occurrences(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`(?<![A-Za-z0-9_$-])${escapeRe(name)}(?![A-Za-z0-9_$-])`, 'g'))].length;
}

/**
 * Whether `code` may refer to `name` through any identifier derived from it: the name itself or
 * its camelCase as a whole identifier, or its words as a run of words of one identifier in any
 * casing (`en` in `readEn`, `CTL_EN_SHIFT`, `ctl.en`). Deliberately generous: a false "yes"
 * only withholds a fix.
 */
export function mayReferTo(code: string, name: string): boolean {
  if (identifiersFor(name).some((n) => n !== '' && occurrences(code, n) > 0)) return true;
  const want = wordsOf(name);
  if (want.length === 0) return true;
  for (const m of code.matchAll(/[A-Za-z0-9_$]+/g)) {
    const have = wordsOf(m[0]);
    for (let i = 0; i + want.length <= have.length; i++) {
      if (want.every((w, k) => have[i + k] === w)) return true;
    }
  }
  return false;
}

/**
 * Renames the declaration's `name` to UPPER_CASE when nothing else can refer to it: the name
 * occurs once in the definition (its declaration), the new name not at all, and no behaviour
 * code mentions it. Generated code is then consistent after `devgen generate`.
 */
function upperCaseRename(what: string): Fixer {
  return ({ source, offset, defText, decorators, behaviorText }) => {
    const entry = source.entryAt(offset, 'name');
    if (!entry || typeof entry.value !== 'string') return { unavailable: `the ${what} name is not written as a string entry at the finding` };
    const old = entry.value;
    const next = upperSnake(old);
    if (!UPPER.test(next)) return { unavailable: `'${old}' has no UPPER_CASE spelling` };
    if (occurrences(defText, old) !== 1) return { unavailable: `'${old}' occurs elsewhere in the definition; rename every use by hand` };
    if (occurrences(defText, next) !== 0) return { unavailable: `'${next}' is already used in the definition` };
    const edit = entry.replaceString(next);
    // In a decorator definition the behaviour is the class in the same file: search it without the declaration.
    const code = [behaviorText ?? '', decorators ? defText.slice(0, edit.start) + defText.slice(edit.end) : ''].join('\n');
    if (mayReferTo(code, old)) return { unavailable: `the behaviour code may use a name derived from '${old}'; renaming would change it` };
    return { description: `rename ${what} '${old}' to '${next}'`, edits: [edit] };
  };
}

/** Removes the entry `since` of the vmstate field at the finding. */
const removeSince: Fixer = ({ source, offset }) => {
  const entry = source.entryAt(offset, 'since');
  if (!entry) return { unavailable: '`since` is not written as an entry at the finding' };
  const edit = entry.removal();
  if ('unavailable' in edit) return edit;
  return { description: `remove \`since: ${String(entry.value)}\``, edits: [edit] };
};

const no = (why: string): FixDecision => ({ fixable: false, why });

/** Every rule's fix decision (the type makes a new rule state one). */
export const FIX_DECISIONS: Readonly<Record<LintRuleId, FixDecision>> = {
  'array-stride-mismatch': no('a different stride moves every later element: a layout change the guest sees'),
  'doc-description-is-name': no('a better description needs knowledge of the hardware; a placeholder is not a fix'),
  'doc-missing-description': no('a description needs knowledge of the hardware; a placeholder is not a fix'),
  'enum-duplicate-value': no('dropping either name removes a generated constant code may use; which one is meant is a choice'),
  'field-read-effect-no-storage': no('storage or a read hook is a design decision, and either changes what reads do'),
  'field-reset-not-enum': no('the reset value is what the guest reads after reset; a new enum name or reset is a decision about the hardware'),
  'field-write-no-effect': no('storage, a write hook or read-only access each change what the guest sees; which is meant is a choice'),
  'hook-read-on-write-only': no('removing the hook changes the generated hooks interface the behaviour implements'),
  'hook-write-on-read-only': no('removing the hook changes the generated hooks interface the behaviour implements'),
  'ignore-writes-writable': no('either the access or `ignore-writes` is wrong; both choices change what writes do'),
  'irq-input-unhandled': no('a handler is behaviour code'),
  'irq-never-driven': no('driving the line is behaviour code'),
  'irq-status-without-enable': no('an enable or mask register is a fact of the hardware'),
  'name-enum-case': { fixable: true, why: 'an enum value name reaches only generated constants: safe when nothing else names it', fix: upperCaseRename('enum value') },
  'name-field-case': { fixable: true, why: 'a field name reaches only generated constants: safe when nothing else names it', fix: upperCaseRename('field') },
  'name-property-kebab': no('property names are the command line of the device (-device t,name=…); renaming breaks configurations'),
  'name-qom-type': no('the QOM type name is what machines and users instantiate'),
  'name-register-case': no('register names appear in guest-error log lines and in generated hook names the behaviour implements'),
  'name-register-prefix': no('register names appear in guest-error log lines and in generated hook names the behaviour implements'),
  'name-state-snake': no('state names are migration stream field names and the state accessors of the behaviour'),
  'name-trace-event': no('trace event names are what users enable with -trace, and the behaviour calls them'),
  'property-unused': no('removing a property removes a command-line option users may set'),
  'region-empty': no('removing a region renumbers the MMIO regions that machines map'),
  'region-size-power-of-two': no('the size is what the bus decodes'),
  'register-gap': no('declaring the hole reserved is a statement about the hardware that needs a reason'),
  'register-misaligned': no('moving a register changes the layout the guest sees'),
  'register-wider-than-bus': no('the width or the access window is what the guest sees'),
  'reserved-field-writable': no('a different access changes what the guest reads back'),
  'trace-event-unused': no('users may name the event in -trace patterns, and the use search is a heuristic'),
  'trace-format-args': no('either the format or the argument list is wrong; which one is a choice'),
  'vmstate-description-renamed': no('whether the old section name comes back or the break is accepted is a migration decision'),
  'vmstate-duplicate-field': no('which section keeps the field decides the migration stream'),
  'vmstate-field-added-without-version': no('a version bump or a subsection is a migration decision'),
  'vmstate-field-removed': no('restoring the field or accepting the break is a migration decision'),
  'vmstate-field-renamed': no('the rename is wire-compatible; whether the meaning stayed the same only a person can tell'),
  'vmstate-field-replaced': no('restoring the old field or accepting the break is a migration decision'),
  'vmstate-field-resized': no('the size is the state the behaviour keeps; restoring it or accepting the break is a decision'),
  'vmstate-field-type-changed': no('the field\'s type is the state the behaviour keeps; restoring it or accepting the break is a decision'),
  'vmstate-field-version-raised': no('the right `since` depends on which streams carried the field: a migration decision'),
  'vmstate-fields-reordered': no('the order in the definition is also the order of the stream; which order is meant is a decision'),
  'vmstate-missing': no('a migration description is a design decision'),
  'vmstate-needed-hook-missing': no('the hook is behaviour code'),
  'vmstate-section-removed': no('a device that migrated needs its vmstate back, written by a person'),
  'vmstate-since-redundant': { fixable: true, why: 'every accepted stream has the field, so `since` has no effect: removing it changes nothing', fix: removeSince },
  'vmstate-state-not-migrated': no('migrating the field changes the stream; leaving it out is a decision'),
  'vmstate-subsection-name': no('the subsection name is on the wire; a new name is a migration decision'),
  'vmstate-subsection-removed': no('restoring the subsection or accepting the break is a migration decision'),
  'vmstate-version-window': no('which versions a section accepts is a migration decision'),
};

