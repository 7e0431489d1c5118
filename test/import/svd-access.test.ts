/**
 * SVD access words → canonical access kinds: every kind of the one table is reachable from the
 * SVD words that say the same thing, every combination either maps to the kind whose semantics
 * match or is refused with a reason, and no combination is guessed.
 */
import { describe, expect, it } from 'vitest';
import { ACCESS } from '../../generator/src/ir/access-semantics.ts';
import type { AccessKind } from '../../generator/src/ir/ir.ts';
import { mapSvdAccess, SVD_ACCESS, SVD_MODIFIED_WRITE, SVD_READ_ACTION, type SvdAccessWords } from '../../generator/src/import/svd-access.ts';

const CASES: ReadonlyArray<readonly [SvdAccessWords, AccessKind]> = [
  [{ access: 'read-only' }, 'RO'],
  [{ access: 'read-write' }, 'RW'],
  [{ access: 'write-only' }, 'WO'],
  [{ access: 'read-writeOnce' }, 'W1'],
  [{ access: 'writeOnce' }, 'WO1'],
  [{ access: 'read-only', readAction: 'clear' }, 'RC'],
  [{ access: 'read-only', readAction: 'set' }, 'RS'],
  [{ access: 'read-write', modifiedWriteValues: 'oneToClear' }, 'W1C'],
  [{ access: 'read-write', modifiedWriteValues: 'oneToSet' }, 'W1S'],
  [{ access: 'read-write', modifiedWriteValues: 'oneToToggle' }, 'W1T'],
  [{ access: 'read-write', modifiedWriteValues: 'zeroToClear' }, 'W0C'],
  [{ access: 'read-write', modifiedWriteValues: 'zeroToSet' }, 'W0S'],
  [{ access: 'read-write', modifiedWriteValues: 'zeroToToggle' }, 'W0T'],
  [{ access: 'read-write', modifiedWriteValues: 'clear' }, 'WC'],
  [{ access: 'read-write', modifiedWriteValues: 'set' }, 'WS'],
  [{ access: 'read-write', readAction: 'clear' }, 'WRC'],
  [{ access: 'read-write', readAction: 'set' }, 'WRS'],
  [{ access: 'read-write', modifiedWriteValues: 'set', readAction: 'clear' }, 'WSRC'],
  [{ access: 'read-write', modifiedWriteValues: 'clear', readAction: 'set' }, 'WCRS'],
  [{ access: 'read-write', modifiedWriteValues: 'oneToSet', readAction: 'clear' }, 'W1SRC'],
  [{ access: 'read-write', modifiedWriteValues: 'oneToClear', readAction: 'set' }, 'W1CRS'],
  [{ access: 'read-write', modifiedWriteValues: 'zeroToSet', readAction: 'clear' }, 'W0SRC'],
  [{ access: 'read-write', modifiedWriteValues: 'zeroToClear', readAction: 'set' }, 'W0CRS'],
  [{ access: 'write-only', modifiedWriteValues: 'clear' }, 'WOC'],
  [{ access: 'write-only', modifiedWriteValues: 'set' }, 'WOS'],
  [{ access: 'read-write', modifiedWriteValues: 'modify' }, 'RW'],
  [{ access: 'write-only', modifiedWriteValues: 'modify' }, 'WO'],
];

describe('SVD access words', () => {
  it.each(CASES.map(([w, k]) => [JSON.stringify(w), w, k] as const))('%s is %s', (_label, words, kind) => {
    expect(mapSvdAccess(words)).toEqual({ kind });
  });

  it('reaches every canonical kind', () => {
    expect(new Set(CASES.map(([, k]) => k))).toEqual(new Set(Object.keys(ACCESS)));
  });

  it('maps every combination to one kind, or refuses it with the words it could not map', () => {
    let mapped = 0;
    let refused = 0;
    for (const access of SVD_ACCESS) {
      for (const mwv of [undefined, ...SVD_MODIFIED_WRITE]) {
        for (const ra of [undefined, ...SVD_READ_ACTION]) {
          const words: SvdAccessWords = { access, ...(mwv ? { modifiedWriteValues: mwv } : {}), ...(ra ? { readAction: ra } : {}) };
          const r = mapSvdAccess(words);
          if ('kind' in r) {
            mapped++;
            const sem = ACCESS[r.kind];
            // What the words say must be what the kind means.
            expect(sem.read, JSON.stringify(words)).toBe(access !== 'write-only' && access !== 'writeOnce');
            expect(sem.masks.includes('rc'), JSON.stringify(words)).toBe(ra === 'clear');
            expect(sem.masks.includes('rs'), JSON.stringify(words)).toBe(ra === 'set');
            expect(sem.masks.includes('w1c'), JSON.stringify(words)).toBe(mwv === 'oneToClear');
          } else {
            refused++;
            expect(r.problem).toContain(`access ${access}`);
          }
        }
      }
    }
    // The 25 kinds, and 9 of them again with `modify` (a plain write) spelled out.
    expect(mapped).toBe(34);
    expect(refused).toBe(5 * 10 * 5 - 34);
  });

  it('refuses the combinations that have no canonical kind, saying why', () => {
    expect(mapSvdAccess({ access: 'read-write', readAction: 'modify' })).toEqual({ problem: 'access read-write + readAction modify (the read side effect is not said)' });
    expect(mapSvdAccess({ access: 'read-only', readAction: 'modifyExternal' })).toEqual({ problem: 'access read-only + readAction modifyExternal (the read side effect is not said)' });
    expect(mapSvdAccess({ access: 'read-only', modifiedWriteValues: 'oneToClear' })).toEqual({ problem: 'access read-only + modifiedWriteValues oneToClear (a modified write on a field that cannot be written)' });
    expect(mapSvdAccess({ access: 'write-only', readAction: 'clear' })).toEqual({ problem: 'access write-only + readAction clear (a read action on a field that cannot be read)' });
    expect(mapSvdAccess({ access: 'writeOnce', modifiedWriteValues: 'oneToSet' })).toEqual({ problem: 'access writeOnce + modifiedWriteValues oneToSet (write-once bits with a side effect)' });
    expect(mapSvdAccess({ access: 'write-only', modifiedWriteValues: 'oneToClear' })).toEqual({ problem: 'access write-only + modifiedWriteValues oneToClear' });
  });
});
