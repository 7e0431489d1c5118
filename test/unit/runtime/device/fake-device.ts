/**
 * A small hand-written "generated" device for runtime tests (deliberately not pl011): two
 * regions, registers of every dispatch shape, properties of several types, GPIO in and out,
 * a clock, a chardev and a VMState. Tests import `createFakeDevice()` to get a fresh class
 * plus the hook call log.
 */
import type {
  ChardevEvent,
  DeviceContext,
  DeviceTypeInfo,
  IrqLine,
  MmioTable,
  RegisterEntry,
  VmStateDescription,
} from '../../../../runtime/src/codegen/v1/index.ts';
import { defineDevice } from '../../../../runtime/src/codegen/v1/index.ts';

/** State of the fake device. */
export interface FakeState {
  ctrl: number;
  status: number;
  rc: number;
  wc: number;
  ro: number;
  roIgnore: number;
  mix: number;
  data: number;
  counter: number;
  bytes: Uint8Array;
  half: number;
}

/** Props of the fake device (camelCase keys). */
export interface FakeProps {
  readonly enableX: boolean;
  readonly level: number;
  readonly base: number;
  readonly delta: number;
  readonly big: bigint;
  readonly label: string | null;
  readonly chardev: string | null;
}

/** Context of the fake device. */
export type FakeContext = DeviceContext<FakeState, FakeProps>;

/** Hooks of the fake device. */
export interface FakeHooks {
  readData(ctx: FakeContext): number;
  writeData(ctx: FakeContext, value: number): void;
  writeClr(ctx: FakeContext, value: number): void;
  postWriteCtrl(ctx: FakeContext, oldValue: number, newValue: number): void;
  gpioInSetLevel(ctx: FakeContext, n: number, level: boolean): void;
  chardevCanReceive(ctx: FakeContext): number;
  chardevReceive(ctx: FakeContext, data: Uint8Array): void;
  chardevEvent(ctx: FakeContext, event: ChardevEvent): void;
  realize(ctx: FakeContext): void;
  reset(ctx: FakeContext): void;
}

/** Register offsets of region 0. */
export const R = {
  CTRL: 0x00,
  STATUS: 0x04,
  DATA: 0x08,
  ID: 0x0c,
  CLR: 0x10,
  RO: 0x14,
  RO_IGN: 0x18,
  EVT: 0x1c,
  WC: 0x20,
  MIX: 0x24,
  ARR: 0x40,
} as const;

/** Values of the register array at 0x40 (stride 8, so 0x44, 0x4c, ... are holes). */
export const ARR_VALUES = [0x11, 0x22, 0x33, 0x44];

const ALL = 0xffff_ffff;

function storage(
  name: string,
  offset: number,
  key: 'ctrl' | 'status' | 'rc' | 'wc' | 'ro' | 'roIgnore' | 'mix',
  extra: Partial<RegisterEntry<FakeContext>>,
): RegisterEntry<FakeContext> {
  return {
    name,
    offset,
    size: 4,
    reset: 0,
    readMask: ALL,
    writeMask: ALL,
    get: (c) => c.state[key],
    set: (c, v) => {
      c.state[key] = v;
    },
    ...extra,
  };
}

function tables(h: FakeHooks): MmioTable<FakeContext>[] {
  const regs: RegisterEntry<FakeContext>[] = [
    storage('CTRL', R.CTRL, 'ctrl', { reset: 0x5, writeMask: 0xff, readMask: 0xff, postWrite: (c, o, n) => h.postWriteCtrl(c, o, n) }),
    storage('STATUS', R.STATUS, 'status', { reset: 0xf0, writeMask: 0xf000, w1cMask: 0x0f }),
    { name: 'DATA', offset: R.DATA, size: 4, reset: 0, readMask: ALL, writeMask: ALL, read: (c) => h.readData(c), write: (c, v) => h.writeData(c, v) },
    { name: 'ID', offset: R.ID, size: 4, reset: 0xabcd, readMask: ALL, writeMask: 0, readOnly: true },
    { name: 'CLR', offset: R.CLR, size: 4, reset: 0, readMask: 0, writeMask: ALL, writeOnly: true, write: (c, v) => h.writeClr(c, v) },
    storage('RO', R.RO, 'ro', { reset: 0x77, writeMask: 0, readOnly: true }),
    storage('RO_IGN', R.RO_IGN, 'roIgnore', { reset: 0x99, writeMask: 0, readOnly: true, ignoreWrites: true }),
    storage('EVT', R.EVT, 'rc', { writeMask: 0, readMask: 0xff, rcMask: 0x0f, rsMask: 0x100 }),
    storage('WC', R.WC, 'wc', { writeMask: 0, wcMask: 0x3, wsMask: 0x10 }),
    storage('MIX', R.MIX, 'mix', { writeMask: 0x00ff, w1sMask: 0x0100, w1tMask: 0x0200, w0cMask: 0x0400, w0sMask: 0x0800, w0tMask: 0x1000 }),
    ...ARR_VALUES.map((v, i) => ({
      name: `ARR${i}`,
      offset: R.ARR + i * 8,
      size: 4,
      reset: v,
      readMask: ALL,
      writeMask: 0,
      readOnly: true,
    })),
  ];
  const bytes: RegisterEntry<FakeContext>[] = [0, 1, 2, 3].map((i) => ({
    name: `B${i}`,
    offset: i,
    size: 1,
    reset: 0x10 + i,
    readMask: 0xff,
    writeMask: 0xff,
    get: (c) => c.state.bytes[i]!,
    set: (c, v) => {
      c.state.bytes[i] = v;
    },
  }));
  bytes.push({
    name: 'HALF',
    offset: 4,
    size: 2,
    reset: 0x1234,
    readMask: 0xffff,
    writeMask: 0xffff,
    get: (c) => c.state.half,
    set: (c, v) => {
      c.state.half = v;
    },
  });
  return [
    {
      region: { name: 'fake', size: 0x100, endianness: 'little', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 4, max: 4, unaligned: false } },
      registers: regs,
    },
    {
      region: { name: 'fake-bytes', size: 0x10, endianness: 'little', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 4, unaligned: false } },
      registers: bytes,
    },
  ];
}

function vmstate(): VmStateDescription<FakeContext> {
  return {
    name: 'fakedev',
    version: 1,
    minimumVersion: 1,
    fields: [
      { kind: 'scalar', name: 'ctrl', type: 'u32', since: 0, get: (c) => c.state.ctrl, set: (c, v) => void (c.state.ctrl = Number(v)) },
      { kind: 'scalar', name: 'status', type: 'u32', since: 0, get: (c) => c.state.status, set: (c, v) => void (c.state.status = Number(v)) },
      { kind: 'scalar', name: 'counter', type: 'i32', since: 0, get: (c) => c.state.counter, set: (c, v) => void (c.state.counter = Number(v)) },
    ],
    subsections: [],
  };
}

/** The generated-style type description of the fake device. */
export const fakeInfo: DeviceTypeInfo<FakeState, FakeContext, FakeHooks> = {
  name: 'fakedev',
  parent: 'sys-bus-device',
  description: 'Runtime test device.',
  source: 'test/unit/runtime/device/fake-device.ts',
  properties: [
    { name: 'enable-x', key: 'enableX', type: 'bool', default: true },
    { name: 'level', key: 'level', type: 'u8', default: 3 },
    { name: 'base', key: 'base', type: 'u32', default: 0 },
    { name: 'delta', key: 'delta', type: 'i16', default: -1 },
    { name: 'big', key: 'big', type: 'u64', default: 5 },
    { name: 'label', key: 'label', type: 'string', default: null },
    { name: 'chardev', key: 'chardev', type: 'chardev', default: null },
  ],
  gpios: [
    { name: 'irq', direction: 'out', count: 2, sysbus: true, qemuUnnamed: true, lines: ['main', 'aux'] },
    { name: 'set-level', direction: 'in', count: 3, sysbus: false, qemuUnnamed: false, lines: [] },
  ],
  clocks: [{ name: 'clk', direction: 'in' }],
  chardev: { property: 'chardev', receive: true },
  traceEvents: [{ name: 'fake_write', args: ['addr', 'value'], format: 'addr 0x%x value 0x%x' }],
  createState: () => ({ ctrl: 0, status: 0, rc: 0, wc: 0, ro: 0, roIgnore: 0, mix: 0, data: 0, counter: 0, bytes: new Uint8Array(4), half: 0 }),
  resetState: (s) => {
    s.counter = 7;
    s.data = 0;
  },
  mmio: (h) => tables(h),
  vmstate: () => vmstate(),
  deviceHooks: ['realize', 'reset'],
};

/** A record of hook calls, for assertions. */
export interface FakeCalls {
  readonly log: string[];
  received: number[];
  canReceive: number;
}

/** Fresh hooks + class. */
export function createFakeDevice() {
  const calls: FakeCalls = { log: [], received: [], canReceive: 2 };
  const hooks: FakeHooks = {
    readData: (c) => {
      calls.log.push('readData');
      return c.state.data + 1;
    },
    writeData: (c, v) => {
      calls.log.push(`writeData ${v.toString(16)}`);
      c.state.data = v;
      (c.lines as Record<string, IrqLine>).main!.set(v & 1);
      c.chardev.writeAll(new Uint8Array([v & 0xff]));
    },
    writeClr: (c, v) => {
      calls.log.push(`writeClr ${v.toString(16)}`);
    },
    postWriteCtrl: (_c, o, n) => {
      calls.log.push(`postWriteCtrl ${o.toString(16)}->${n.toString(16)}`);
    },
    gpioInSetLevel: (c, n, level) => {
      calls.log.push(`gpioInSetLevel ${n} ${level}`);
      c.state.counter += level ? 1 : 0;
    },
    chardevCanReceive: () => calls.canReceive,
    chardevReceive: (_c, d) => {
      calls.received.push(...d);
      calls.canReceive -= d.length;
    },
    chardevEvent: (_c, e) => {
      calls.log.push(`event ${e}`);
    },
    realize: (c) => {
      calls.log.push(`realize ${c.path}`);
    },
    reset: (c) => {
      calls.log.push(`reset ctrl=${c.state.ctrl.toString(16)} counter=${c.state.counter}`);
    },
  };
  return { cls: defineDevice(fakeInfo, hooks), hooks, calls };
}
