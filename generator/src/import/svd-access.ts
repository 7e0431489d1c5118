/**
 * SVD's access words (`access`, `modifiedWriteValues`, `readAction`) read as devgen access kinds.
 * SVD says what reads and writes do; the kind is the one of generator/src/ir/access-semantics.ts
 * whose semantics say exactly that, so this module defines the SVD words and never restates what
 * a kind means. A combination no kind has (a read action that "modifies", write-1-to-clear on a
 * read-only field, …) is reported, never guessed.
 */
import { ACCESS, type AccessSemantics, type MaskName } from '../ir/access-semantics.ts';
import type { AccessKind } from '../ir/ir.ts';

/** SVD `access` values (CMSIS-SVD accessType). */
export const SVD_ACCESS = ['read-only', 'write-only', 'read-write', 'writeOnce', 'read-writeOnce'] as const;
/** SVD `modifiedWriteValues` values. */
export const SVD_MODIFIED_WRITE = ['oneToClear', 'oneToSet', 'oneToToggle', 'zeroToClear', 'zeroToSet', 'zeroToToggle', 'clear', 'set', 'modify'] as const;
/** SVD `readAction` values. */
export const SVD_READ_ACTION = ['clear', 'set', 'modify', 'modifyExternal'] as const;

export type SvdAccess = (typeof SVD_ACCESS)[number];
export type SvdModifiedWrite = (typeof SVD_MODIFIED_WRITE)[number];
export type SvdReadAction = (typeof SVD_READ_ACTION)[number];

/** The access words of one field (after inheritance from its register and peripheral). */
export interface SvdAccessWords {
  readonly access: SvdAccess;
  readonly modifiedWriteValues?: SvdModifiedWrite;
  readonly readAction?: SvdReadAction;
}

/** What each `access` word says reads and writes do. Write-once words are written once, then read-only. */
const ACCESS_WORDS: Readonly<Record<SvdAccess, { read: boolean; write: boolean; once: boolean }>> = {
  'read-only': { read: true, write: false, once: false },
  'write-only': { read: false, write: true, once: false },
  'read-write': { read: true, write: true, once: false },
  writeOnce: { read: false, write: true, once: true },
  'read-writeOnce': { read: true, write: true, once: true },
};

/** The special write a `modifiedWriteValues` word makes instead of storing the value (modify: a plain write). */
const WRITE_MASKS: Readonly<Record<SvdModifiedWrite, MaskName | undefined>> = {
  oneToClear: 'w1c', oneToSet: 'w1s', oneToToggle: 'w1t',
  zeroToClear: 'w0c', zeroToSet: 'w0s', zeroToToggle: 'w0t',
  clear: 'wc', set: 'ws', modify: undefined,
};

/** The side effect of a `readAction` word; modify and modifyExternal say only that something happens. */
const READ_MASKS: Readonly<Record<SvdReadAction, MaskName | undefined>> = {
  clear: 'rc', set: 'rs', modify: undefined, modifyExternal: undefined,
};

/**
 * Devgen models write-once as a plain write (access-semantics.ts): these are the kinds that
 * carry the "once" in their name, so the SVD's intent survives in the definition.
 */
const ONCE_KINDS: ReadonlySet<AccessKind> = new Set<AccessKind>(['W1', 'WO1']);

/** The kind for SVD access words, or why there is none. */
export type AccessMapping = { readonly kind: AccessKind } | { readonly problem: string };

function sameSemantics(a: AccessSemantics, read: boolean, write: boolean, masks: readonly MaskName[]): boolean {
  return a.read === read && a.write === write && a.masks.length === masks.length && masks.every((m) => a.masks.includes(m));
}

function describe(words: SvdAccessWords): string {
  const parts = [`access ${words.access}`];
  if (words.modifiedWriteValues !== undefined) parts.push(`modifiedWriteValues ${words.modifiedWriteValues}`);
  if (words.readAction !== undefined) parts.push(`readAction ${words.readAction}`);
  return parts.join(' + ');
}

const mapped = new Map<string, AccessMapping>();

/** Maps SVD access words to the one canonical kind with the same semantics. */
export function mapSvdAccess(words: SvdAccessWords): AccessMapping {
  const key = `${words.access}|${words.modifiedWriteValues}|${words.readAction}`;
  let m = mapped.get(key);
  if (m === undefined) mapped.set(key, (m = mapWords(words)));
  return m;
}

function mapWords(words: SvdAccessWords): AccessMapping {
  const base = ACCESS_WORDS[words.access];
  const masks: MaskName[] = [];
  let write = base.write;
  const mwv = words.modifiedWriteValues;
  if (mwv !== undefined && mwv !== 'modify') {
    if (!base.write) return { problem: `${describe(words)} (a modified write on a field that cannot be written)` };
    write = false;
    masks.push(WRITE_MASKS[mwv]!);
  }
  const ra = words.readAction;
  if (ra !== undefined) {
    const mask = READ_MASKS[ra];
    if (mask === undefined) return { problem: `${describe(words)} (the read side effect is not said)` };
    if (!base.read) return { problem: `${describe(words)} (a read action on a field that cannot be read)` };
    masks.push(mask);
  }
  if (base.once && masks.length > 0) return { problem: `${describe(words)} (write-once bits with a side effect)` };
  const kinds = (Object.keys(ACCESS) as AccessKind[]).filter((k) => ONCE_KINDS.has(k) === base.once && sameSemantics(ACCESS[k], base.read, write, masks));
  if (kinds.length !== 1) return { problem: describe(words) };
  return { kind: kinds[0]! };
}
