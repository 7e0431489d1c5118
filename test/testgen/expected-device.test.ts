/**
 * The answers testgen predicts, on a small definition with access kinds the shipped devices do
 * not use (W1C, W1S, RC, WO), an exact decode with a bad-offset value and narrow accesses into an
 * `impl` of 4 bytes, and a port device whose offset mask aliases its registers and whose reset
 * hook leaves a kept register unknown: each prediction checked against what the definition means.
 */
import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../../generator/src/pipeline/load.ts';
import { ExpectedDevice } from '../../generator/src/testgen/expected-device.ts';
import { placeDevice } from '../../generator/src/testgen/placed-device.ts';

const TEXT = `devgen: 1
device: { name: kinds, parent: sys-bus-device, description: Access kinds. }
state:
  - { name: a, type: u32 }
  - { name: d, type: u32 }
  - { name: w, type: u64 }
regions:
  - name: kinds
    size: 0x100
    valid: { min: 1, max: 8 }
    impl: { min: 4, max: 4 }
    exact-offsets: true
    bad-offset-read: 0xffffffff
    description: Test region.
registers:
  - name: ST
    offset: 0x0
    reset: 0x00ab0fff
    storage: a
    description: Status.
    fields:
      - { name: W1C, bits: "3:0", access: W1C, description: Clear by one. }
      - { name: W1S, bits: "7:4", access: W1S, description: Set by one. }
      - { name: RC, bits: "11:8", access: RC, description: Clear on read. }
      - { name: RW, bits: "31:16", access: RW, description: Plain. }
  - name: WONLY
    offset: 0x8
    reset: 0x12
    storage: d
    access: WO
    description: Write-only.
  - name: CONST
    offset: 0xc
    reset: 0x5a
    access: RO
    description: A constant.
`;

function device(): ExpectedDevice {
  const r = loadDefinition('kinds.device.yaml', TEXT, { root: '/nonexistent' });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return new ExpectedDevice(placeDevice(r.device!, 0x1000n, new Map())!);
}

describe('testgen predictions', () => {
  it('follow each access kind: W1C, W1S, clear on read, plain bits', () => {
    const d = device();
    expect(d.read(0, 4)).toBe(0x00ab_0fffn);
    expect(d.read(0, 4)).toBe(0x00ab_00ffn); // RC bits 11:8 were cleared by the first read
    d.write(0, 4, 0x1234_0005n); // W1C clears bits 0 and 2; W1S bits stay set; RW takes 0x1234
    expect(d.read(0, 4)).toBe(0x1234_00fan);
    d.write(0, 4, 0x0000_000fn);
    expect(d.read(0, 4)).toBe(0x0000_00f0n);
  });

  it('answer 0 for write-only registers, the reset for constants, the bad-offset value elsewhere', () => {
    const d = device();
    expect(d.read(8, 4)).toBe(0n);
    expect(d.read(0xc, 4)).toBe(0x5an);
    d.write(0xc, 4, 0xffff_ffffn);
    expect(d.read(0xc, 4)).toBe(0x5an);
    expect(d.read(0x10, 4)).toBe(0xffff_ffffn);
    expect(d.read(0x10, 2)).toBe(0xffffn);
    // Exact decode: byte 1 of ST is a bad offset, read in one 4-byte device access, truncated.
    expect(d.read(1, 1)).toBe(0xffn);
  });

  it('split wide and unaligned accesses as the bus does, and narrow ones reach the whole register', () => {
    const d = device();
    // 8 bytes at 0x8 (valid max 8, impl max 4): two device accesses, WONLY (reads 0) then CONST.
    expect(d.read(8, 8)).toBe(0x5a_0000_0000n);
    // A 2-byte write at 0 is one 4-byte device access of the zero-extended value: RW bits 31:16 become 0.
    d.write(0, 2, 0x0000n);
    expect(d.read(0, 4)).toBe(0x0000_0fffn);
    // Unaligned 4 bytes at 0xb: 1 byte at 0xb (a bad offset under exact decode: 0xff), 2 at 0xc
    // (CONST, its low half 0x005a), 1 at 0xe (a bad offset again).
    expect(d.read(0xb, 4)).toBe(0xff00_5affn);
  });

  it('leave out what a hook would answer', () => {
    const text = TEXT.replace('    storage: a\n', '    storage: a\n    hooks: [read]\n');
    const r = loadDefinition('kinds.device.yaml', text, { root: '/nonexistent' });
    expect(r.device, r.diagnostics.map((x) => x.message).join('\n')).toBeDefined();
    const d = new ExpectedDevice(placeDevice(r.device!, 0n, new Map())!);
    expect(d.read(0, 4)).toBeUndefined();
    expect(d.read(0, 8)).toBeUndefined();
    expect(d.read(0xc, 4)).toBe(0x5an);
  });
});

const PORTS = `devgen: 1
device: { name: ports, parent: device, description: A port device with a reset hook., hooks: [reset] }
state:
  - { name: k, type: u8 }
  - { name: p, type: u8 }
regions:
  - name: ports
    size: 4
    valid: { min: 1, max: 4 }
    impl: { min: 1, max: 1 }
    offset-mask: 1
    description: Two ports decoded by address bit 0.
registers:
  - name: KEPT
    offset: 0
    width: 8
    storage: k
    reset-keeps: true
    description: Kept at reset; the reset hook may set it.
    fields:
      - { name: LOW, bits: "3:0", access: RW, description: Plain. }
      - { name: HIGH, bits: "7:4", access: W1C, description: Clear by one. }
  - { name: PLAIN, offset: 1, width: 8, reset: 0x5a, storage: p, access: RW, description: Plain. }
`;

describe('testgen predictions on ports with an offset mask and a reset hook', () => {
  const load = () => {
    const r = loadDefinition('ports.device.yaml', PORTS, { root: '/nonexistent' });
    expect(r.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message)).toEqual([]);
    return placeDevice(r.device!, 0x60n, new Map(), 'io')!;
  };

  it('alias every offset to the register its masked offset names', () => {
    const d = new ExpectedDevice(load());
    expect(d.read(1, 1)).toBe(0x5an);
    expect(d.read(3, 1)).toBe(0x5an); // 3 & 1 = 1: PLAIN again
    d.write(3, 1, 0x21n);
    expect(d.read(1, 1)).toBe(0x21n);
  });

  it('promise nothing of a register kept at reset by a device with a reset hook until a write decides every bit', () => {
    const placed = load();
    expect(placed.space).toBe('io');
    expect(placed.elements.find((e) => e.title === 'KEPT')!.resetByHook).toBe(true);
    const d = new ExpectedDevice(placed);
    expect(d.read(0, 1)).toBeUndefined();
    d.write(0, 1, 0x0fn); // the W1C bits keep what the hook set: still unknown
    expect(d.read(0, 1)).toBeUndefined();
    expect(d.read(2, 1)).toBeUndefined(); // 2 & 1 = 0: the same register
    d.write(0, 1, 0xf3n); // ones clear every W1C bit and LOW takes 3: every bit decided
    expect(d.read(0, 1)).toBe(0x03n);
    expect(d.read(2, 1)).toBe(0x03n);
  });
});
