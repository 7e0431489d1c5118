import { describe, expect, it } from 'vitest';
import type { VmStateDescription } from '../../../../runtime/src/contract/types.ts';
import { loadVmState, saveVmState, vmstateClock } from '../../../../runtime/src/migration/index.ts';
import { devDesc, fingerprint, hex, makeClock, makeDev } from './fixtures.ts';
import type { DevCtx } from './fixtures.ts';

/** Small flat state for the hand-computed byte test. */
interface Demo {
  a: number;
  b: number;
  c: number;
  flag: boolean;
  d: bigint;
  pair: number[];
  newer: number;
  sub: boolean;
  s: number;
  preSaves: number;
}

function demoDesc(): VmStateDescription<Demo> {
  return {
    name: 'demo',
    version: 1,
    minimumVersion: 1,
    preSave: (x) => {
      x.preSaves++;
    },
    fields: [
      { kind: 'unused', name: 'unused', size: 2, since: 0 },
      { kind: 'scalar', name: 'a', type: 'u8', since: 0, get: (x) => x.a, set: (x, v) => { x.a = Number(v); } },
      { kind: 'scalar', name: 'b', type: 'i16', since: 0, get: (x) => x.b, set: (x, v) => { x.b = Number(v); } },
      { kind: 'scalar', name: 'c', type: 'u32', since: 1, get: (x) => x.c, set: (x, v) => { x.c = Number(v); } },
      { kind: 'scalar', name: 'flag', type: 'bool', since: 0, get: (x) => x.flag, set: (x, v) => { x.flag = Boolean(v); } },
      { kind: 'scalar', name: 'd', type: 'i64', since: 0, get: (x) => x.d, set: (x, v) => { x.d = BigInt(v); } },
      { kind: 'array', name: 'pair', type: 'u16', length: 2, since: 0, get: (x) => x.pair },
      // Newer than the description: never on the wire.
      { kind: 'scalar', name: 'newer', type: 'u32', since: 2, get: (x) => x.newer, set: (x, v) => { x.newer = Number(v); } },
    ],
    subsections: [
      {
        name: 'demo/sub',
        version: 3,
        minimumVersion: 1,
        needed: (x) => x.sub,
        fields: [{ kind: 'scalar', name: 's', type: 'i32', since: 0, get: (x) => x.s, set: (x, v) => { x.s = Number(v); } }],
        subsections: [],
      },
    ],
  };
}

function demo(sub: boolean): Demo {
  return { a: 0x12, b: -2, c: 0xdeadbeef, flag: true, d: -2n, pair: [1, 0xabcd], newer: 77, sub, s: -1, preSaves: 0 };
}

describe('saveVmState wire format', () => {
  it('matches hand-computed bytes (unused, scalars, bool, array, since, subsection)', () => {
    const x = demo(true);
    const bytes = saveVmState(demoDesc(), x);
    const expected = [
      '00 00', // unused 2
      '12', // u8 a
      'ff fe', // i16 b = -2
      'de ad be ef', // u32 c
      '01', // bool flag
      'ff ff ff ff ff ff ff fe', // i64 d = -2
      '00 01 ab cd', // u16[2] pair
      // "newer" (since 2) is skipped in a version 1 description
      '05 08 64 65 6d 6f 2f 73 75 62', // QEMU_VM_SUBSECTION, len 8, "demo/sub"
      '00 00 00 03', // subsection version_id 3
      'ff ff ff ff', // i32 s = -1
    ].join(' ');
    expect(hex(bytes)).toBe(expected);
    expect(x.preSaves).toBe(1);
  });

  it('omits a subsection that is not needed', () => {
    const bytes = saveVmState(demoDesc(), demo(false));
    expect(hex(bytes)).toBe('00 00 12 ff fe de ad be ef 01 ff ff ff ff ff ff ff fe 00 01 ab cd');
  });

  it('loads the hand-computed bytes into the right values (signed types sign-extended)', () => {
    const src = demo(true);
    const dst: Demo = { a: 0, b: 0, c: 0, flag: false, d: 0n, pair: [0, 0], newer: 5, sub: false, s: 0, preSaves: 0 };
    expect(loadVmState(demoDesc(), dst, saveVmState(demoDesc(), src))).toEqual({ ok: true });
    expect(dst).toMatchObject({ a: 0x12, b: -2, c: 0xdeadbeef, flag: true, d: -2n, pair: [1, 0xabcd], newer: 5, s: -1 });
  });

  it('reads any non-zero bool byte as true', () => {
    const dst = demo(false);
    dst.flag = false;
    const bytes = saveVmState(demoDesc(), demo(false));
    bytes[9] = 0x80;
    expect(loadVmState(demoDesc(), dst, bytes).ok).toBe(true);
    expect(dst.flag).toBe(true);
  });
});

describe('loadVmState', () => {
  it('round-trips save -> load -> save byte-identically, with and without subsections', () => {
    for (const extraOn of [false, true]) {
      for (const [mul, div] of [[1, 1], [3, 1], [1, 7], [2, 5]] as const) {
        const src = makeDev(5);
        src.state.extraOn = extraOn;
        src.state.clk.multiplier = mul;
        src.state.clk.divider = div;
        const bytes = saveVmState(devDesc(), src);
        const dst = makeDev(9);
        dst.state.extraOn = extraOn;
        const res = loadVmState(devDesc(), dst, bytes);
        expect(res).toEqual({ ok: true });
        expect(hex(saveVmState(devDesc(), dst))).toBe(hex(bytes));
        if (!extraOn) {
          // Not sent, so not loaded.
          expect(dst.state.extra).toBe(makeDev(9).state.extra);
          dst.state.extra = src.state.extra;
        }
        expect(fingerprint(dst)).toBe(fingerprint(src));
        expect(dst.postLoads).toBe(1);
      }
    }
  });

  it('rejects versions outside [minimumVersion, version]', () => {
    const dst = makeDev(1);
    const before = fingerprint(dst);
    const bytes = saveVmState(devDesc(), makeDev(2));
    const tooNew = loadVmState(devDesc(), dst, bytes, 3);
    expect(tooNew.ok).toBe(false);
    expect(!tooNew.ok && tooNew.error).toMatch(/version_id 3 is too new/);
    const tooOld = loadVmState(devDesc(), dst, bytes, 0);
    expect(!tooOld.ok && tooOld.error).toMatch(/too old/);
    expect(fingerprint(dst)).toBe(before);
  });

  it('rejects a version that is not a 32-bit unsigned integer (NaN, fraction, negative, huge)', () => {
    const bytes = saveVmState(devDesc(), makeDev(2));
    for (const v of [Number.NaN, 1.5, -1, 2 ** 32, Number.POSITIVE_INFINITY]) {
      const dst = makeDev(1);
      const before = fingerprint(dst);
      const r = loadVmState(devDesc(), dst, bytes, v);
      expect(r.ok, `version ${v}`).toBe(false);
      expect(!r.ok && r.error).toMatch(/is not an integer/);
      expect(fingerprint(dst)).toBe(before);
    }
  });

  it('honours field `since`: a version 1 stream has no "late" and leaves it alone', () => {
    const src = makeDev(3);
    const v1 = saveVmState(devDesc(1), src);
    const v2 = saveVmState(devDesc(2), src);
    expect(v2.length - v1.length).toBe(2); // the u16 "late"
    const dst = makeDev(8);
    expect(loadVmState(devDesc(), dst, v1, 1)).toEqual({ ok: true });
    expect(dst.state.late).toBe(makeDev(8).state.late);
    expect(dst.state.flags).toBe(src.state.flags);
    // The same v1 bytes read as version 2 are short: rejected, state untouched.
    const dst2 = makeDev(8);
    expect(loadVmState(devDesc(), dst2, v1, 2).ok).toBe(false);
    expect(fingerprint(dst2)).toBe(fingerprint(makeDev(8)));
  });

  it('rejects an unknown subsection whose name has our prefix', () => {
    const src = makeDev(4);
    src.state.extraOn = true;
    const bytes = saveVmState(devDesc(), src);
    const i = findAscii(bytes, 'dev/extra');
    bytes[i + 8] = 'b'.charCodeAt(0); // "dev/extrb"
    const dst = makeDev(6);
    const res = loadVmState(devDesc(), dst, bytes);
    expect(!res.ok && res.error).toMatch(/unknown subsection "dev\/extrb"/);
    expect(fingerprint(dst)).toBe(fingerprint(makeDev(6)));
  });

  it('treats a foreign-prefix or too-short subsection name as not ours (then trailing bytes)', () => {
    const src = makeDev(4);
    src.state.extraOn = true;
    const bytes = saveVmState(devDesc(), src);
    const i = findAscii(bytes, 'dev/extra');
    const foreign = bytes.slice();
    foreign[i] = 'x'.charCodeAt(0);
    const short = bytes.slice();
    short[i - 1] = 3; // name length 3 < strlen("dev") + 1
    for (const b of [foreign, short]) {
      const dst = makeDev(6);
      const res = loadVmState(devDesc(), dst, b);
      expect(!res.ok && res.error).toMatch(/trailing byte/);
      expect(fingerprint(dst)).toBe(fingerprint(makeDev(6)));
    }
  });

  it('checks the subsection version window (QEMU keeps only the low byte of the be32)', () => {
    const src = makeDev(4);
    src.state.extraOn = true;
    const bytes = saveVmState(devDesc(), src);
    const v = findAscii(bytes, 'dev/extra') + 'dev/extra'.length; // be32 version follows the name
    expect(hex(bytes.subarray(v, v + 4))).toBe('00 00 00 01');
    for (const [b2, b3, ok] of [[0, 2, false], [0, 0, false], [1, 1, true]] as const) {
      const t = bytes.slice();
      t[v + 2] = b2;
      t[v + 3] = b3;
      const dst = makeDev(6);
      const res = loadVmState(devDesc(), dst, t);
      expect(res.ok).toBe(ok);
      if (!ok) expect(fingerprint(dst)).toBe(fingerprint(makeDev(6)));
    }
  });

  it('rejects trailing bytes and a bad subsection marker', () => {
    const bytes = saveVmState(devDesc(), makeDev(2));
    const dst = makeDev(6);
    for (const bad of [concat(bytes, [0]), concat(bytes, [0x06, 9, 1, 2])]) {
      const res = loadVmState(devDesc(), dst, bad);
      expect(!res.ok && res.error).toMatch(/trailing/);
    }
    expect(fingerprint(dst)).toBe(fingerprint(makeDev(6)));
  });

  it('leaves the state byte-identical for every truncation of a stream', () => {
    const src = makeDev(11);
    src.state.extraOn = true;
    src.state.clk.multiplier = 4;
    const bytes = saveVmState(devDesc(), src);
    // Two prefixes are valid streams on their own (the format has no length fields; the section
    // footer is what catches these in a real migration, see section.test.ts):
    //  - the stream without the trailing optional "dev/extra" subsection;
    //  - the stream cut right after "05 0c" of "clock/muldiv": like QEMU, a subsection whose
    //    name cannot be peeked is "not a subsection", so those two bytes become the u16 "late".
    const withoutExtra = findAscii(bytes, 'dev/extra') - 2;
    const markerOnly = findAscii(bytes, 'clock/muldiv');
    let rejected = 0;
    for (let cut = 0; cut < bytes.length; cut++) {
      const dst = makeDev(21);
      dst.state.clk.divider = 3;
      const before = fingerprint(dst);
      const beforeBytes = hex(saveVmState(devDesc(), dst));
      const res = loadVmState(devDesc(), dst, bytes.subarray(0, cut));
      if (cut === withoutExtra || cut === markerOnly) {
        expect(res.ok).toBe(true);
        continue;
      }
      expect(res.ok, `cut at ${cut}`).toBe(false);
      expect(fingerprint(dst), `cut at ${cut}`).toBe(before);
      expect(hex(saveVmState(devDesc(), dst))).toBe(beforeBytes);
      rejected++;
    }
    expect(rejected).toBe(bytes.length - 2);
  });

  it('rolls back everything when post-load rejects, including subsections not needed before', () => {
    // Target: muldiv not needed (1/1), extra off. Source: muldiv needed, extra on, bad pos.
    const src = makeDev(2);
    src.state.pos = 40;
    src.state.extraOn = true;
    src.state.clk.multiplier = 6;
    src.state.clk.divider = 2;
    const dst = makeDev(7);
    const before = fingerprint(dst);
    const res = loadVmState(devDesc(), dst, saveVmState(devDesc(), src));
    expect(!res.ok && res.error).toMatch(/post-load failed: pos 40 out of range/);
    expect(dst.postLoads).toBe(1); // the hook did run (and saw the new state)...
    dst.postLoads = 0;
    expect(fingerprint(dst)).toBe(before); // ...but every value is back
    expect(dst.state.clk.multiplier).toBe(1);
  });

  it('restores muldiv reset by the clock pre-load when the load is rejected', () => {
    const src = makeDev(2);
    src.state.pos = 99; // rejected by post-load; stream has no muldiv subsection
    const dst = makeDev(7);
    dst.state.clk.multiplier = 5;
    dst.state.clk.divider = 9;
    const before = fingerprint(dst);
    expect(loadVmState(devDesc(), dst, saveVmState(devDesc(), src)).ok).toBe(false);
    dst.postLoads = 0;
    expect(fingerprint(dst)).toBe(before);
  });

  it('restores the state and reports (never throws) when a hook throws', () => {
    const desc: VmStateDescription<DevCtx> = {
      ...devDesc(),
      postLoad: () => {
        throw new Error('hook bug');
      },
    };
    const dst = makeDev(7);
    const before = fingerprint(dst);
    const res = loadVmState(desc, dst, saveVmState(devDesc(), makeDev(1)));
    expect(res).toEqual({ ok: false, error: 'dev: internal error in a load hook: hook bug' });
    expect(fingerprint(dst)).toBe(before);
  });
});

describe('vmstateClock', () => {
  it('saves period only when multiplier and divider are 1', () => {
    const clk = makeClock(0x0000_0010_0000_0000n);
    expect(hex(saveVmState(vmstateClock, clk))).toBe('00 00 00 10 00 00 00 00');
  });

  it('adds the clock/muldiv subsection otherwise, and loads it back', () => {
    const clk = makeClock(0x1234n, 3, 2);
    const bytes = saveVmState(vmstateClock, clk);
    const name = Array.from('clock/muldiv', (ch) => ch.charCodeAt(0).toString(16)).join(' ');
    expect(hex(bytes)).toBe(`00 00 00 00 00 00 12 34 05 0c ${name} 00 00 00 01 00 00 00 03 00 00 00 02`);
    const dst = makeClock(1n, 1, 1);
    expect(loadVmState(vmstateClock, dst, bytes)).toEqual({ ok: true });
    expect([dst.period, dst.multiplier, dst.divider]).toEqual([0x1234n, 3, 2]);
  });

  it('resets multiplier/divider to 1 when the stream has no muldiv (QEMU pre_load)', () => {
    const dst = makeClock(1n, 4, 4);
    expect(loadVmState(vmstateClock, dst, saveVmState(vmstateClock, makeClock(77n)))).toEqual({ ok: true });
    expect([dst.period, dst.multiplier, dst.divider]).toEqual([77n, 1, 1]);
  });

  it('nests inside a device: the parent subsection after the clock is not taken for a clock one', () => {
    const src = makeDev(3);
    src.state.extraOn = true; // "dev/extra" follows the clock struct... after "late"
    src.state.clk.divider = 8;
    const dst = makeDev(4);
    dst.state.extraOn = true; // the predicate's input is not migrated itself
    expect(loadVmState(devDesc(), dst, saveVmState(devDesc(), src))).toEqual({ ok: true });
    expect(fingerprint(dst)).toBe(fingerprint(src));
  });
});

describe('subsections after a nested struct', () => {
  // The struct is the last field, so the clock's subsection loop sees the parent's marker
  // first: a name without the "clock" prefix must end the clock's loop, not fail the load.
  interface Holder { clk: ReturnType<typeof makeClock>; x: number }
  const holder: VmStateDescription<Holder> = {
    name: 'holder', version: 1, minimumVersion: 1,
    fields: [{ kind: 'struct', name: 'clk', since: 0, struct: vmstateClock, get: (h) => h.clk, compatSize: 8 }],
    subsections: [{
      name: 'holder/x', version: 1, minimumVersion: 1, needed: () => true, subsections: [],
      fields: [{ kind: 'scalar', name: 'x', type: 'u8', since: 0, get: (h) => h.x, set: (h, v) => { h.x = Number(v); } }],
    }],
  };
  for (const mul of [1, 3]) {
    it(`hands the parent's subsection back to the parent (multiplier ${mul})`, () => {
      const src: Holder = { clk: makeClock(99n, mul, 1), x: 7 };
      const dst: Holder = { clk: makeClock(1n, 2, 2), x: 0 };
      expect(loadVmState(holder, dst, saveVmState(holder, src))).toEqual({ ok: true });
      expect([dst.clk.period, dst.clk.multiplier, dst.clk.divider, dst.x]).toEqual([99n, mul, 1, 7]);
    });
  }
});

function findAscii(bytes: Uint8Array, text: string): number {
  const needle = Array.from(text, (c) => c.charCodeAt(0));
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) return i;
  }
  throw new Error(`"${text}" not in stream`);
}

function concat(a: Uint8Array, b: number[]): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
