import { describe, expect, it } from 'vitest';
import { loadSection, saveSection, saveVmState } from '../../../../runtime/src/migration/index.ts';
import { devDesc, fingerprint, hex, makeDev } from './fixtures.ts';

const header = { sectionId: 0x2a, idstr: 'dev', instanceId: 1 };
const expect_ = { idstr: 'dev', instanceId: 1 };

function section(seed = 3): Uint8Array {
  const src = makeDev(seed);
  src.state.extraOn = true;
  src.state.clk.multiplier = 2;
  return saveSection(devDesc(), src, header);
}

describe('saveSection', () => {
  it('frames the body like savevm: 04, id, idstr, instance, version, body, 7e, id', () => {
    const src = makeDev(3);
    const body = saveVmState(devDesc(), src);
    const bytes = saveSection(devDesc(), src, header);
    const head = '04 00 00 00 2a 03 64 65 76 00 00 00 01 00 00 00 02';
    const foot = '7e 00 00 00 2a';
    expect(hex(bytes)).toBe(`${head} ${hex(body)} ${foot}`);
  });
});

describe('loadSection', () => {
  it('loads a section and reports its header', () => {
    const dst = makeDev(8);
    dst.state.extraOn = true;
    const res = loadSection(devDesc(), dst, section(), expect_);
    expect(res).toEqual({ ok: true, header: { ...header, versionId: 2 } });
    const src = makeDev(3);
    src.state.extraOn = true;
    src.state.clk.multiplier = 2;
    expect(fingerprint(dst)).toBe(fingerprint(src));
  });

  it('accepts an older section version within the window', () => {
    const src = makeDev(3);
    const bytes = saveSection(devDesc(1), src, header);
    const dst = makeDev(8);
    const res = loadSection(devDesc(), dst, bytes, expect_);
    expect(res.ok && res.header.versionId).toBe(1);
    expect(dst.state.late).toBe(makeDev(8).state.late);
  });

  const corruptions: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['wrong section type', (b) => set(b, 0, 0x01), /expected a full section/],
    ['wrong idstr', (b) => set(b, 6, 0x61), /unknown savevm section or instance 'aev' 1/],
    ['wrong instance', (b) => set(b, 12, 2), /unknown savevm section or instance 'dev' 2/],
    ['newer version', (b) => set(b, 16, 3), /unsupported version 3/],
    ['older than minimum', (b) => set(b, 16, 0), /too old/],
    ['bad footer marker', (b) => set(b, b.length - 5, 0x7f), /missing section footer/],
    ['bad footer id', (b) => set(b, b.length - 1, 0x2b), /mismatched section id in footer/],
    ['bytes after the footer', (b) => Uint8Array.from([...b, 0]), /trailing/],
    ['idstr length past the end', (b) => set(b, 5, 0xff), /stream ends inside idstr/],
  ];
  for (const [what, corrupt, message] of corruptions) {
    it(`rejects ${what} and leaves the device untouched`, () => {
      const dst = makeDev(8);
      const before = fingerprint(dst);
      const res = loadSection(devDesc(), dst, corrupt(section()), expect_);
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error).toMatch(message);
      expect(fingerprint(dst)).toBe(before);
      expect(dst.postLoads).toBe(0);
    });
  }

  it('rejects every truncation (the footer catches prefixes that decode)', () => {
    const bytes = section(5);
    for (let cut = 0; cut < bytes.length; cut++) {
      const dst = makeDev(8);
      dst.state.clk.divider = 5;
      const before = fingerprint(dst);
      const res = loadSection(devDesc(), dst, bytes.subarray(0, cut), expect_);
      expect(res.ok, `cut at ${cut}`).toBe(false);
      expect(fingerprint(dst), `cut at ${cut}`).toBe(before);
    }
  });

  it('rolls back when post-load rejects the section', () => {
    const src = makeDev(3);
    src.state.pos = 16;
    const dst = makeDev(8);
    const before = fingerprint(dst);
    const res = loadSection(devDesc(), dst, saveSection(devDesc(), src, header), expect_);
    expect(!res.ok && res.error).toMatch(/post-load failed/);
    dst.postLoads = 0;
    expect(fingerprint(dst)).toBe(before);
  });
});

function set(b: Uint8Array, i: number, v: number): Uint8Array {
  const out = b.slice();
  out[i] = v;
  return out;
}
