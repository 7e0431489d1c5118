/**
 * A small hand-written "generated" device for runtime tests (deliberately not pl011): three
 * regions with registers of every access kind, a register array with storage and a write hook,
 * a block of registers with a property limit, a region mixing exact and covering decode,
 * properties of several types, GPIO in and out, a clock, a chardev and a VMState with named
 * hooks. Tests import `createFakeDevice()` to get a fresh class plus the hook call log.
 */
import type {
  AnyRegisterDescriptor,
  ChardevEvent,
  DeviceContext,
  DeviceTypeInfo,
  HookInfo,
  IrqLine,
  MmioTable,
  VmStateDescriptor,
} from '../../../../runtime/src/codegen/v1/index.ts';
import { defineDevice } from '../../../../runtime/src/codegen/v1/index.ts';

/** One element of the CH block's state. */
export interface FakeChannel {
  cfg: number;
  cnt: number;
}

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
  win: Uint32Array;
  readonly ch: FakeChannel[];
  sel: number;
  cntl: number;
  extra: number;
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
  readonly channels: number;
}

/** Context of the fake device. */
export type FakeContext = DeviceContext<FakeState, FakeProps>;

/** Hooks of the fake device. */
export interface FakeHooks {
  readData(ctx: FakeContext): number;
  writeData(ctx: FakeContext, value: number): void;
  writeClr(ctx: FakeContext, value: number): void;
  postWriteCtrl(ctx: FakeContext, oldValue: number, newValue: number): void;
  writeWin(ctx: FakeContext, index: number, value: number): void;
  postWriteB(ctx: FakeContext, index: number, oldValue: number, newValue: number): void;
  readChCnt(ctx: FakeContext, index: number): number;
  postWriteChCfg(ctx: FakeContext, index: number, oldValue: number, newValue: number): void;
  gpioInSetLevel(ctx: FakeContext, n: number, level: number): void;
  chardevCanReceive(ctx: FakeContext): number;
  chardevReceive(ctx: FakeContext, data: Uint8Array): void;
  chardevEvent(ctx: FakeContext, event: ChardevEvent): void;
  realize(ctx: FakeContext): void;
  reset(ctx: FakeContext): void;
  vmPreSave(ctx: FakeContext): void;
  extraNeeded(ctx: FakeContext): boolean;
  checkCounter(ctx: FakeContext, versionId: number): string | undefined;
}

/** Register offsets of region 0. */
export const R = {
  CTRL: 0x00, STATUS: 0x04, DATA: 0x08, ID: 0x0c, CLR: 0x10, RO: 0x14, RO_IGN: 0x18, EVT: 0x1c, WC: 0x20, MIX: 0x24,
  ARR: 0x40, WIN: 0x60, CH: 0x80,
} as const;

/** Values of the register array at 0x40 (stride 8, so 0x44, 0x4c, ... are holes). */
export const ARR_VALUES = [0x11, 0x22, 0x33, 0x44];
/** Values of the covering ID window at 0x20 of region 2. */
export const ID_VALUES = [0x31, 0x10, 0x04, 0x00];

const ALL = 0xffff_ffff;
const SRC = 'defs/fake/fake.device.yaml';

type Reg = AnyRegisterDescriptor<FakeContext, FakeHooks>;

function storage(name: string, offset: number, field: keyof FakeState, extra: Partial<Reg>): Reg {
  return { name, offset, size: 4, reset: 0, readMask: ALL, writeMask: ALL, storage: field, ...extra } as Reg;
}

const fakeMmio: readonly MmioTable<FakeContext, FakeHooks>[] = [
  {
    region: { name: 'fake', size: 0x100, endianness: 'little', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 4, max: 4, unaligned: false }, trace: { write: 'fake_access' } },
    registers: [
      storage('CTRL', R.CTRL, 'ctrl', { reset: 0x5, writeMask: 0xff, readMask: 0xff, hooks: { postWrite: 'postWriteCtrl' } }),
      storage('STATUS', R.STATUS, 'status', { reset: 0xf0, writeMask: 0xf000, w1cMask: 0x0f }),
      { name: 'DATA', offset: R.DATA, size: 4, reset: 0, readMask: ALL, writeMask: ALL, hooks: { read: 'readData', write: 'writeData' } },
      { name: 'ID', offset: R.ID, size: 4, reset: 0xabcd, readMask: ALL, writeMask: 0, readOnly: true },
      { name: 'CLR', offset: R.CLR, size: 4, reset: 0, readMask: 0, writeMask: ALL, writeOnly: true, hooks: { write: 'writeClr' } },
      storage('RO', R.RO, 'ro', { reset: 0x77, writeMask: 0, readOnly: true }),
      storage('RO_IGN', R.RO_IGN, 'roIgnore', { reset: 0x99, writeMask: 0, readOnly: true, ignoreWrites: true }),
      storage('EVT', R.EVT, 'rc', { writeMask: 0, readMask: 0xff, rcMask: 0x0f, rsMask: 0x100 }),
      storage('WC', R.WC, 'wc', { writeMask: 0, wcMask: 0x3, wsMask: 0x10 }),
      storage('MIX', R.MIX, 'mix', { writeMask: 0x00ff, w1sMask: 0x0100, w1tMask: 0x0200, w0cMask: 0x0400, w0sMask: 0x0800, w0tMask: 0x1000 }),
      { name: 'ARR', offset: R.ARR, size: 4, reset: 0, readMask: ALL, writeMask: 0, readOnly: true, array: { count: 4, stride: 8, resets: ARR_VALUES } },
      {
        name: 'WIN', offset: R.WIN, size: 4, reset: 0, readMask: 0xffff, writeMask: ALL, storage: 'win',
        array: { count: 4, stride: 4, resets: [1, 2, 3, 4] }, hooks: { write: 'writeWin' },
      },
    ],
    blocks: [
      {
        name: 'CH', offset: R.CH, count: 4, stride: 0x10, state: 'ch', limit: (c) => c.props.channels,
        registers: [
          { name: 'CFG', offset: 0, size: 4, reset: 0x1, readMask: ALL, writeMask: 0xff, w1cMask: 0xf00, storage: 'cfg', hooks: { postWrite: 'postWriteChCfg' } },
          { name: 'CNT', offset: 4, size: 4, reset: 0, readMask: ALL, writeMask: 0xffff, w0sMask: 0x1_0000, storage: 'cnt', hooks: { read: 'readChCnt' } },
        ],
      },
    ],
  },
  {
    region: { name: 'fake-bytes', size: 0x10, endianness: 'little', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 4, unaligned: false } },
    registers: [
      { name: 'B', offset: 0, size: 1, reset: 0, readMask: 0xff, writeMask: 0xff, storage: 'bytes', array: { count: 4, stride: 1, resets: [0x10, 0x11, 0x12, 0x13] }, hooks: { postWrite: 'postWriteB' } },
      { name: 'HALF', offset: 4, size: 2, reset: 0x1234, readMask: 0xffff, writeMask: 0xffff, storage: 'half' },
    ],
  },
  {
    region: { name: 'fake-decode', size: 0x40, endianness: 'little', valid: { min: 1, max: 4, unaligned: false }, impl: { min: 1, max: 4, unaligned: false }, badOffsetRead: 0xffff_ffff },
    registers: [
      { name: 'SEL', offset: 0x00, size: 4, reset: 0x5, readMask: 0xff, writeMask: 0xff, storage: 'sel', decode: 'exact' },
      { name: 'CNTL', offset: 0x08, size: 4, reset: 0, readMask: ALL, writeMask: 0xf0, w1tMask: 0x3, storage: 'cntl', decode: 'exact' },
      { name: 'ID', offset: 0x20, size: 4, reset: 0, readMask: 0xff, writeMask: 0, readOnly: true, decode: 'covering', array: { count: 4, stride: 4, resets: ID_VALUES } },
    ],
  },
];

const fakeVmState: VmStateDescriptor<FakeContext, FakeHooks> = {
  name: 'fakedev',
  version: 1,
  minimumVersion: 1,
  preSave: 'vmPreSave',
  fields: [
    { kind: 'scalar', name: 'ctrl', type: 'u32', since: 0, get: (c) => c.state.ctrl, set: (c, v) => void (c.state.ctrl = Number(v)) },
    { kind: 'scalar', name: 'status', type: 'u32', since: 0, get: (c) => c.state.status, set: (c, v) => void (c.state.status = Number(v)) },
    { kind: 'scalar', name: 'counter', type: 'i32', since: 0, get: (c) => c.state.counter, set: (c, v) => void (c.state.counter = Number(v)) },
    { kind: 'validate', name: 'counter ok', since: 0, check: 'checkCounter' },
  ],
  subsections: [
    {
      name: 'fakedev/extra', version: 1, minimumVersion: 1, needed: { hook: 'extraNeeded' }, subsections: [],
      fields: [{ kind: 'scalar', name: 'extra', type: 'u8', since: 0, get: (c) => c.state.extra, set: (c, v) => void (c.state.extra = Number(v)) }],
    },
  ],
};

/** Every hook the fake type binds, with the (fictional) definition lines they come from. */
export const fakeHookList: readonly HookInfo[] = [
  { name: 'readData', kind: 'register-read', source: `${SRC}:20` },
  { name: 'writeData', kind: 'register-write', source: `${SRC}:20` },
  { name: 'writeClr', kind: 'register-write', source: `${SRC}:24` },
  { name: 'postWriteCtrl', kind: 'register-post-write', source: `${SRC}:14` },
  { name: 'writeWin', kind: 'register-write', source: `${SRC}:40` },
  { name: 'postWriteB', kind: 'register-post-write', source: `${SRC}:60` },
  { name: 'readChCnt', kind: 'register-read', source: `${SRC}:52` },
  { name: 'postWriteChCfg', kind: 'register-post-write', source: `${SRC}:50` },
  { name: 'gpioInSetLevel', kind: 'gpio-in', source: `${SRC}:70` },
  { name: 'chardevCanReceive', kind: 'chardev', source: `${SRC}:75` },
  { name: 'chardevReceive', kind: 'chardev', source: `${SRC}:75` },
  { name: 'chardevEvent', kind: 'chardev', source: `${SRC}:75` },
  { name: 'realize', kind: 'device', source: `${SRC}:5` },
  { name: 'reset', kind: 'device', source: `${SRC}:5` },
  { name: 'vmPreSave', kind: 'vmstate', source: `${SRC}:80` },
  { name: 'extraNeeded', kind: 'vmstate', source: `${SRC}:90` },
  { name: 'checkCounter', kind: 'vmstate', source: `${SRC}:85` },
];

/** The generated-style type description of the fake device. */
export const fakeInfo: DeviceTypeInfo<FakeState, FakeContext, FakeHooks> = {
  name: 'fakedev',
  parent: 'sys-bus-device',
  description: 'Runtime test device.',
  source: SRC,
  properties: [
    { name: 'enable-x', key: 'enableX', type: 'bool', default: true },
    { name: 'level', key: 'level', type: 'u8', default: 3 },
    { name: 'base', key: 'base', type: 'u32', default: 0 },
    { name: 'delta', key: 'delta', type: 'i16', default: -1 },
    { name: 'big', key: 'big', type: 'u64', default: 5 },
    { name: 'label', key: 'label', type: 'string', default: null },
    { name: 'chardev', key: 'chardev', type: 'chardev', default: null },
    { name: 'channels', key: 'channels', type: 'u8', default: 3 },
  ],
  gpios: [
    { name: 'irq', direction: 'out', count: 2, sysbus: true, qemuUnnamed: true, lines: ['main', 'aux'] },
    { name: 'set-level', direction: 'in', count: 3, sysbus: false, qemuUnnamed: false, lines: [], hook: 'gpioInSetLevel' },
  ],
  clocks: [{ name: 'clk', direction: 'in' }],
  chardev: { property: 'chardev', hooks: { canReceive: 'chardevCanReceive', receive: 'chardevReceive', event: 'chardevEvent' } },
  traceEvents: [
    { name: 'fake_write', args: ['addr', 'value'], format: 'addr 0x%x value 0x%x' },
    { name: 'fake_access', args: ['offset', 'value', 'reg'], format: 'offset 0x%x value 0x%x %s' },
  ],
  createState: () => ({
    ctrl: 0, status: 0, rc: 0, wc: 0, ro: 0, roIgnore: 0, mix: 0, data: 0, counter: 0, bytes: new Uint8Array(4), half: 0,
    win: new Uint32Array(4), ch: Array.from({ length: 4 }, () => ({ cfg: 0, cnt: 0 })), sel: 0, cntl: 0, extra: 0,
  }),
  resetState: (s) => {
    s.counter = 7;
    s.data = 0;
  },
  mmio: fakeMmio,
  vmstate: fakeVmState,
  deviceHooks: { realize: 'realize', reset: 'reset' },
  hooks: fakeHookList,
};

/** A record of hook calls, for assertions. */
export interface FakeCalls {
  readonly log: string[];
  received: number[];
  canReceive: number;
  extraNeeded: boolean;
  /** `this` of every hook call, to check hooks run on the hooks object. */
  readonly receivers: Set<unknown>;
}

/** Fresh hooks + class. */
export function createFakeDevice() {
  const calls: FakeCalls = { log: [], received: [], canReceive: 2, extraNeeded: false, receivers: new Set() };
  const hooks: FakeHooks = {
    readData(c) {
      calls.receivers.add(this);
      calls.log.push('readData');
      return c.state.data + 1;
    },
    writeData(c, v) {
      calls.receivers.add(this);
      calls.log.push(`writeData ${v.toString(16)}`);
      c.state.data = v;
      (c.lines as Record<string, IrqLine>).main!.set(v & 1);
      c.chardev.writeAll(new Uint8Array([v & 0xff]));
    },
    writeClr: (_c, v) => void calls.log.push(`writeClr ${v.toString(16)}`),
    postWriteCtrl: (_c, o, n) => void calls.log.push(`postWriteCtrl ${o.toString(16)}->${n.toString(16)}`),
    writeWin(c, i, v) {
      calls.receivers.add(this);
      calls.log.push(`writeWin ${i} ${v.toString(16)}`);
      c.state.win[i] = v ^ 0xff;
    },
    postWriteB: (_c, i, o, n) => void calls.log.push(`postWriteB ${i} ${o.toString(16)}->${n.toString(16)}`),
    readChCnt: (c, i) => c.state.ch[i]!.cnt + 0x100 * i,
    postWriteChCfg: (_c, i, o, n) => void calls.log.push(`postWriteChCfg ${i} ${o.toString(16)}->${n.toString(16)}`),
    gpioInSetLevel: (c, n, level) => {
      calls.log.push(`gpioInSetLevel ${n} ${level}`);
      c.state.counter += level ? 1 : 0;
    },
    chardevCanReceive: () => calls.canReceive,
    chardevReceive: (_c, d) => {
      calls.received.push(...d);
      calls.canReceive -= d.length;
    },
    chardevEvent: (_c, e) => void calls.log.push(`event ${e}`),
    realize: (c) => void calls.log.push(`realize ${c.path}`),
    reset: (c) => void calls.log.push(`reset ctrl=${c.state.ctrl.toString(16)} counter=${c.state.counter}`),
    vmPreSave(c) {
      calls.receivers.add(this);
      calls.log.push(`vmPreSave ${c.state.counter}`);
    },
    extraNeeded: () => calls.extraNeeded,
    checkCounter: (c) => (c.state.counter === 666 ? 'counter is cursed' : undefined),
  };
  return { cls: defineDevice(fakeInfo, hooks), hooks, calls };
}
