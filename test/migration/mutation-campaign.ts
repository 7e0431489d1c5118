/**
 * The migration-load mutation campaign, shared by the test suite (10 000 per device, fixed
 * seed) and `npm run fuzz` (100 000): a board's devices are driven into a random state by MMIO
 * writes, saved as a whole migration file and as the device's own section, and the bytes are
 * mutated — bit flips, byte overwrites, truncations, extensions, wrong section / subsection /
 * file versions, unknown subsections, wrong machine names — then loaded. Survived means:
 *  - no exception escapes the loader;
 *  - a rejected load names a reason (and, for a file, a byte offset inside the file), and leaves
 *    every device of the board byte-identical (saved before and after);
 *  - after an accepted load every device still answers MMIO reads and writes and a clock step
 *    without an exception, and saves again.
 */
import { createMachine } from '../../defs/machines/index.ts';

/**
 * The RTC of the boards mutated here stands still with the virtual clock (QEMU's
 * -rtc clock=vm): with the default host clock, an RTC's saved state moves with the wall clock,
 * and "a rejected load changed nothing" could not be checked by saving before and after.
 */
const STILL_RTC = 'base=2020-01-01T00:00:00,clock=vm';
import { machineDescriptors } from '../../generated/machines/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import {
  loadMigrationFile, loadSection, migrationParticipants, saveSection, writeMigrationFile, QEMU_VM, type MigrationParticipant,
} from '../../runtime/src/migration/index.ts';
import { migrationMachineType } from '../../runtime/src/qmp/index.ts';
import { seededRandom } from '../support/seeded-random.ts';

/** Tally of one campaign. */
export interface MutationTally {
  tried: number;
  survived: number;
  rejected: number;
  accepted: number;
  /** The first few failures, for the report. */
  readonly failures: string[];
}

/** The boards and the device each campaign targets (board, instance of that device). */
export const MUTATION_TARGETS: readonly { readonly board: string; readonly idstr: string; readonly devices?: readonly string[] }[] = [
  { board: 'virt', idstr: 'pl011' },
  { board: 'pc', idstr: 'hpet' },
];

function mmioBases(board: string): { base: number; size: number }[] {
  const desc = machineDescriptors.find((d) => d.name === board)!;
  const out: { base: number; size: number }[] = [];
  for (const p of desc.parts) if (p.kind === 'device') for (const b of p.mmio) if (b !== null) out.push({ base: typeof b === 'number' ? b : b.base, size: 0x1000 });
  return out;
}

const enc = new TextEncoder();
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const randomBytes = (rnd: () => number, n: number): number[] => Array.from({ length: n }, () => Math.floor(rnd() * 256));

function drive(rnd: () => number, machine: Machine, bases: readonly { base: number; size: number }[], writes: number): void {
  for (let i = 0; i < writes; i++) {
    const r = pick(rnd, bases);
    const addr = r.base + (Math.floor(rnd() * (r.size / 4)) * 4 & 0xfff);
    const v = rnd() < 0.3 ? Math.floor(rnd() * 0x100) : Math.floor(rnd() * 2 ** 32);
    if (rnd() < 0.6) machine.memory.write(addr, 4, v);
    else machine.memory.read(addr, 4);
  }
}

function setU32(b: Uint8Array, at: number, v: number): void {
  if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0);
}

/** The parts one after the other. */
function concat(...parts: readonly ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Inserts `ins` at `at`. */
function splice(b: Uint8Array, at: number, ins: readonly number[]): Uint8Array {
  return concat(b.subarray(0, at), ins, b.subarray(at));
}

/** Mutates a section (type byte .. footer); `body` and `footer` are its body start and footer offsets. */
function mutateAt(rnd: () => number, s: Uint8Array, body: number, footer: number, subName: string): Uint8Array {
  const out = Uint8Array.from(s);
  const r = rnd();
  if (r < 0.3 && out.length > 0) {
    for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) out[Math.floor(rnd() * out.length)]! ^= 1 << Math.floor(rnd() * 8);
    return out;
  }
  if (r < 0.4 && out.length > 0) {
    out[Math.floor(rnd() * out.length)] = pick(rnd, [0x00, 0xff, 0x7f, 0x80, 0x7e, 0x05]);
    return out;
  }
  if (r < 0.55) return out.slice(0, Math.floor(rnd() * out.length));
  if (r < 0.65) return concat(out, randomBytes(rnd, 1 + Math.floor(rnd() * 16)));
  if (r < 0.72) return splice(out, body + Math.floor(rnd() * (footer - body + 1)), randomBytes(rnd, 1 + Math.floor(rnd() * 8)));
  if (r < 0.82) {
    // A wrong version: the section's own (just before the body), or a subsection's.
    setU32(out, body - 4, pick(rnd, [0, 1, 2, 3, 4, 0xff, 0x100, 0xffffffff, Math.floor(rnd() * 2 ** 32)]));
    return out;
  }
  // An unknown subsection of the device, or one named like a known one with a wrong version.
  const name = rnd() < 0.5 ? `${subName}/bogus${Math.floor(rnd() * 10)}` : `${subName}/${pick(rnd, ['clock', 'offset', 'rtc_irq_level', 'timer'])}`;
  const nb = enc.encode(name);
  const head = [QEMU_VM.SUBSECTION, nb.length, ...nb, 0, 0, 0, Math.floor(rnd() * 4)];
  return splice(out, footer, [...head, ...randomBytes(rnd, Math.floor(rnd() * 24))]);
}

/** Mutates a whole file: anywhere, in the configuration, or in the device section. */
function mutateFile(rnd: () => number, file: Uint8Array, section: { offset: number; body: number; footer: number; end: number }, subName: string): Uint8Array {
  const r = rnd();
  if (r < 0.5) {
    const m = mutateAt(rnd, file.subarray(section.offset, section.end), section.body - section.offset, section.footer - section.offset, subName);
    return concat(file.subarray(0, section.offset), m, file.subarray(section.end));
  }
  if (r < 0.62) {
    // A wrong machine name (same length or not) in the configuration section.
    const name = enc.encode(pick(rnd, ['virt-9.2', 'virt-10.1', 'pc-i440fx-9.2', 'pc-q35-10.0', 'versatilepb', 'virt', 'pc-i440fx-10.00', '']));
    const oldLen = new DataView(file.buffer, file.byteOffset).getUint32(9);
    const len = [(name.length >>> 24) & 0xff, (name.length >>> 16) & 0xff, (name.length >>> 8) & 0xff, name.length & 0xff];
    return concat(file.subarray(0, 9), len, name, file.subarray(13 + oldLen));
  }
  if (r < 0.68) {
    const out = Uint8Array.from(file);
    setU32(out, 4, pick(rnd, [2, 4, 0, 0xffffffff]));
    return out;
  }
  return mutateAt(rnd, file, 8, file.length, subName);
}

/** Saves of every migratable device of the board: the load must leave them all as they were. */
function fingerprint(parts: readonly MigrationParticipant[], machine: Machine): string {
  return machine.devices.filter((d) => d.migratable).map((d) => Buffer.from(d.save()).toString('hex')).join('|') + `#${parts.length}`;
}

function stillWorks(rnd: () => number, machine: Machine, bases: readonly { base: number; size: number }[]): void {
  drive(rnd, machine, bases, 8);
  machine.clock.step(BigInt(Math.floor(rnd() * 2_000_000)));
  for (const d of machine.devices) if (d.migratable) d.save();
}

/**
 * Runs `count` file mutations and `count` section mutations against the `idstr` device of
 * `board`, from `seed`. Deterministic for a seed.
 */
export function runMutationCampaign(board: string, idstr: string, count: number, seed: number): MutationTally {
  const t: MutationTally = { tried: 0, survived: 0, rejected: 0, accepted: 0, failures: [] };
  const fail = (what: string): void => {
    if (t.failures.length < 5) t.failures.push(what);
  };
  const rnd = seededRandom(seed);
  const bases = mmioBases(board);
  const type = migrationMachineType(board);
  const machine = createMachine(board, { rtc: STILL_RTC });
  const parts = migrationParticipants(machine.devices);
  const target = parts.find((p) => p.idstr === idstr)!;
  const header = { sectionId: parts.indexOf(target), idstr, instanceId: target.instanceId };
  const body = 1 + 4 + 1 + enc.encode(idstr).length + 8;
  let base: { file: Uint8Array; section: Uint8Array; layout: { offset: number; body: number; footer: number; end: number }; print: string } | undefined;
  for (let i = 0; i < 2 * count; i++) {
    // A new random state every 50 loads (and after every accepted one), so mutations meet many
    // FIFO, timer and flag states. The saved bytes are those of the state being mutated.
    if (i % 50 === 0) {
      drive(rnd, machine, bases, Math.floor(rnd() * 60));
      base = undefined;
    }
    if (base === undefined) {
      const file = writeMigrationFile(type, parts);
      const section = saveSection(target.desc, target.ctx, header);
      const offset = indexOfBytes(file, section);
      base = { file, section, layout: { offset, body: offset + body, footer: offset + section.length - 5, end: offset + section.length }, print: fingerprint(parts, machine) };
    }
    const asFile = i % 2 === 0;
    t.tried++;
    try {
      let ok: boolean;
      let error = '';
      if (asFile) {
        const res = loadMigrationFile(mutateFile(rnd, base.file, base.layout, idstr), parts, type);
        ok = res.ok;
        if (!res.ok) {
          error = res.error.message;
          if (!Number.isInteger(res.error.offset) || res.error.offset < 0) fail(`#${i}: rejection without a byte offset: ${error}`);
        }
      } else {
        const res = loadSection(target.desc, target.ctx, mutateAt(rnd, base.section, body, base.section.length - 5, idstr), header);
        ok = res.ok;
        if (!res.ok) error = res.error;
      }
      if (!ok) {
        t.rejected++;
        if (error === '') fail(`#${i}: rejected without a reason`);
        else if (fingerprint(parts, machine) !== base.print) fail(`#${i} (${asFile ? 'file' : 'section'}): a rejected load (${error}) changed the state`);
        else t.survived++;
      } else {
        t.accepted++;
        stillWorks(rnd, machine, bases);
        base = undefined;
        t.survived++;
      }
    } catch (e) {
      base = undefined;
      fail(`#${i} (${asFile ? 'file' : 'section'}): threw ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  return t;
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(Buffer.from(needle.buffer, needle.byteOffset, needle.byteLength));
}

/**
 * Mutations of a file QEMU wrote (RAM records, sections of parts devgen does not model, the
 * JSON description): `count` loads into one board, each a few bit flips or byte overwrites
 * (mostly after the RAM, where the device sections and the description are), a truncation, an
 * extension, or a change inside the description. Same survival rules as the campaign above.
 */
export function runForeignFileMutations(board: string, file: Uint8Array, count: number, seed: number): MutationTally {
  const t: MutationTally = { tried: 0, survived: 0, rejected: 0, accepted: 0, failures: [] };
  const rnd = seededRandom(seed);
  const bases = mmioBases(board);
  const type = migrationMachineType(board);
  const machine = createMachine(board, { rtc: STILL_RTC });
  drive(rnd, machine, bases, 40);
  const parts = migrationParticipants(machine.devices);
  const tail = Math.max(0, file.length - 16_384);
  for (let i = 0; i < count; i++) {
    const before = fingerprint(parts, machine);
    const out = Uint8Array.from(file);
    const r = rnd();
    let m: Uint8Array = out;
    const at = (): number => (rnd() < 0.8 ? tail + Math.floor(rnd() * (file.length - tail)) : Math.floor(rnd() * file.length));
    if (r < 0.5) for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) out[at()]! ^= 1 << Math.floor(rnd() * 8);
    else if (r < 0.65) out[at()] = pick(rnd, [0x00, 0xff, 0x7e, 0x05, 0x30, 0x39]);
    else if (r < 0.8) m = out.subarray(0, at());
    else if (r < 0.9) m = concat(out, randomBytes(rnd, 1 + Math.floor(rnd() * 32)));
    else {
      // A described size changed: the reader then skips too much or too little.
      const text = new TextDecoder('latin1').decode(out.subarray(tail));
      const sizes = [...text.matchAll(/"size": (\d+)/g)];
      const hit = sizes.length > 0 ? pick(rnd, sizes) : undefined;
      if (hit !== undefined && text.lastIndexOf('{"configuration"') > 4) {
        const bumped = String(Number(hit[1]) + pick(rnd, [1, -1, 8, 1000]));
        const json = tail + text.lastIndexOf('{"configuration"');
        const len = new DataView(out.buffer).getUint32(json - 4) + bumped.length - hit[1]!.length;
        const start = tail + hit.index! + 8;
        m = concat(out.subarray(0, start), enc.encode(bumped), out.subarray(start + hit[1]!.length));
        new DataView(m.buffer).setUint32(json - 4, len);
      }
    }
    t.tried++;
    try {
      const res = loadMigrationFile(m, parts, type);
      if (!res.ok) {
        t.rejected++;
        if (fingerprint(parts, machine) !== before) t.failures.push(`#${i}: a rejected load (${res.error.message}) changed the state`);
        else t.survived++;
      } else {
        t.accepted++;
        stillWorks(rnd, machine, bases);
        t.survived++;
      }
    } catch (e) {
      if (t.failures.length < 5) t.failures.push(`#${i}: threw ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  return t;
}
