/**
 * Migration files without QEMU: the layout devgen writes, reading it back section by section
 * (a device section ends where its decoding ends, even when its data holds the footer's bytes),
 * loading all or nothing across devices, the configuration checks, and hpet sections (whose
 * timer array length is a property of the receiving device).
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../defs/machines/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import {
  describedBodySize, loadMigrationFile, loadSection, migrationParticipants, readMigrationFile, saveSection, writeMigrationFile, QEMU_VM,
  type FileDescription,
} from '../../runtime/src/migration/index.ts';
import { RAM_SAVE_FLAG } from '../../runtime/src/migration/file-format.ts';
import { skipRamRecords } from '../../runtime/src/migration/ram-records.ts';
import { VmStreamReader, VmStreamWriter } from '../../runtime/src/migration/stream.ts';
import { migrationMachineType } from '../../runtime/src/qmp/index.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fileOf = (m: Machine): Uint8Array => writeMigrationFile(migrationMachineType(m.name), migrationParticipants(m.devices));
const saves = (m: Machine): string[] => m.devices.filter((d) => d.migratable).map((d) => hex(d.save()));
const load = (m: Machine, f: Uint8Array) => loadMigrationFile(f, migrationParticipants(m.devices), migrationMachineType(m.name));

function pl011Loopback(m: Machine, base: number, bytes: readonly number[]): void {
  m.memory.write(base + 0x2c, 4, 0x10); // LCR_H: FIFO on
  m.memory.write(base + 0x30, 4, 0x381); // CR: UARTEN | TXE | RXE | LBE
  for (const b of bytes) m.memory.write(base, 4, b);
}

function description(file: Uint8Array): FileDescription {
  const r = readMigrationFile(file);
  if (!r.ok) throw new Error(r.error.message);
  return r.file.description!;
}

describe('writing a migration file', () => {
  it('on virt: header, configuration with target-page-bits, switchover, the pl011, pl031 and pl061 sections in creation order, end of stream, JSON description', () => {
    const m = createMachine('virt');
    const f = fileOf(m);
    const config = '5145564d 00000003 07 00000009 ' + hex(new TextEncoder().encode('virt-10.0')) +
      ' 05 1e ' + hex(new TextEncoder().encode('configuration/target-page-bits')) + ' 00000001 0000000c';
    expect(hex(f.subarray(0, 62))).toBe(config.replace(/ /g, ''));
    expect(hex(f.subarray(62, 67))).toBe('08000b0000');
    const r = readMigrationFile(f, { participants: migrationParticipants(m.devices), machineType: 'virt-10.0', targetPageBits: 12 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.file.sections.map((s) => [s.type, s.sectionId, s.idstr, s.instanceId, s.versionId, s.ending])).toEqual([
      [QEMU_VM.SECTION_FULL, 0, 'pl011', 0, 2, 'decoded'],
      [QEMU_VM.SECTION_FULL, 1, 'pl031', 0, 1, 'decoded'],
      [QEMU_VM.SECTION_FULL, 2, 'pl061', 0, 4, 'decoded'],
    ]);
    const s = r.file.sections[0]!;
    expect(hex(s.body)).toBe(hex(m.devices.find((d) => d.typeName === 'pl011')!.save()));
    expect(f[r.file.eofOffset]).toBe(QEMU_VM.EOF);
    expect(r.file.descriptionOffset).toBe(r.file.eofOffset + 1);
    const d = r.file.description!;
    expect(d.page_size).toBe(4096);
    expect(d.devices.map((x) => [x.name, x.instance_id, x.vmsd_name, x.version])).toEqual([['pl011', 0, 'pl011', 2], ['pl031', 0, 'pl031', 1], ['pl061', 0, 'pl061', 4]]);
    // The described sizes add up to the body: what lets a reader skip a section it does not model.
    expect(describedBodySize(d.devices[0])).toBe(s.body.length);
    // QEMU's JSON layout: ", " and ": " separators.
    expect(new TextDecoder().decode(f.subarray(r.file.descriptionOffset! + 5, r.file.descriptionOffset! + 40))).toBe('{"configuration": {"vmsd_name": "co');
  });

  it('on pc: no target-page-bits subsection (x86 pages are at their minimum); the hpet timers are one array_len entry', () => {
    const m = createMachine('pc');
    const f = fileOf(m);
    expect(new TextDecoder().decode(f.subarray(13, 27))).toBe('pc-i440fx-10.0');
    expect(f[27]).toBe(QEMU_VM.COMMAND);
    const d = description(f);
    const hpet = d.devices.find((x) => x.name === 'hpet')!;
    const timer = hpet.fields!.find((x) => x.name === 'timer')!;
    expect([timer.array_len, timer.type, timer.size]).toEqual([3, 'struct', 42]);
    expect(hpet.fields!.map((x) => x.name)).toEqual(['config', 'isr', 'hpet_counter', 'num_timers_save', 'timer']);
  });

  it('numbers devices of one type 0, 1, 2, ... in creation order (versatilepb: four pl011)', () => {
    const m = createMachine('versatilepb');
    const d = description(fileOf(m));
    expect(d.devices.filter((x) => x.name === 'pl011').map((x) => x.instance_id)).toEqual([0, 1, 2, 3]);
  });
});

describe('reading and loading a migration file', () => {
  it('round-trips every board: a fresh board loads the file and saves the same bytes', () => {
    for (const board of ['virt', 'pc', 'versatilepb']) {
      const src = createMachine(board);
      if (board === 'virt') pl011Loopback(src, 0x0900_0000, [0x41, 0x42, 0x43]);
      if (board === 'pc') src.memory.write(0xfed0_0010, 4, 1);
      const dst = createMachine(board);
      const res = load(dst, fileOf(src));
      expect(res.ok, board).toBe(true);
      expect(saves(dst), board).toEqual(saves(src));
    }
  });

  it("ends a section by decoding it: a FIFO holding 0x7e then zeros contains the section's footer bytes", () => {
    const src = createMachine('virt');
    pl011Loopback(src, 0x0900_0000, [0x7e, 0x00, 0x7e, 0x00]);
    const f = fileOf(src);
    const r = readMigrationFile(f, { participants: migrationParticipants(createMachine('virt').devices) });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.file.sections[0]!;
    const footer = Buffer.from([QEMU_VM.SECTION_FOOTER, 0, 0, 0, 0]);
    const early = Buffer.from(f).indexOf(footer, s.bodyOffset);
    // A reader searching for the footer would stop inside the FIFO.
    expect(early).toBeGreaterThan(s.bodyOffset);
    expect(early).toBeLessThan(s.footerOffset);
    // The section ends at its real footer: the next section starts right after it.
    expect(r.file.sections[1]!.offset).toBe(s.footerOffset + 5);
    const dst = createMachine('virt');
    expect(load(dst, f).ok).toBe(true);
    expect(saves(dst)).toEqual(saves(src));
  });

  it('is all or nothing across devices: a bad third pl011 leaves all four (and the first two) as they were', () => {
    const src = createMachine('versatilepb');
    const bases = [0x101f_1000, 0x101f_2000, 0x101f_3000, 0x1000_9000];
    bases.forEach((b, i) => pl011Loopback(src, b, [0x30 + i]));
    const f = fileOf(src);
    const r = readMigrationFile(f, { participants: migrationParticipants(src.devices) });
    if (!r.ok) throw new Error(r.error.message);
    const third = r.file.sections.find((s) => s.idstr === 'pl011' && s.instanceId === 2)!;
    // read_pos (after 7 words, the 16-entry FIFO and 4 words) out of the FIFO: post-load rejects it.
    new DataView(f.buffer).setUint32(third.bodyOffset + 112, 99);
    const dst = createMachine('versatilepb');
    bases.forEach((b) => dst.memory.write(b + 0x24, 4, 0x77));
    const before = saves(dst);
    const res = load(dst, f);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.section).toBe('pl011 2');
    expect(res.error.message).toMatch(/bad FIFO state in stream \(read_pos 99/);
    expect(res.error.offset).toBe(third.bodyOffset);
    expect(saves(dst)).toEqual(before);
    expect(dst.memory.read(bases[0]! + 0x24, 4)).toBe(0x77);
  });

  it('refuses another machine type, a missing configuration, and another page size, naming each', () => {
    const m = createMachine('virt');
    const f = fileOf(m);
    const other = load(createMachine('pc'), f);
    expect(!other.ok && other.error.message).toBe("machine type received is 'virt-10.0' and local is 'pc-i440fx-10.0'");
    const noConfig = Uint8Array.from([...f.subarray(0, 8), ...f.subarray(62)]);
    const missing = load(createMachine('virt'), noConfig);
    expect(!missing.ok && [missing.error.message, missing.error.offset]).toEqual(['configuration section missing', 8]);
    // Without the subsection, virt's page bits would be the target's minimum (10), not 12.
    const noBits = Uint8Array.from([...f.subarray(0, 8), 0x07, 0, 0, 0, 9, ...new TextEncoder().encode('virt-10.0'), ...f.subarray(62)]);
    const bits = load(createMachine('virt'), noBits);
    expect(!bits.ok && bits.error.message).toBe('received target page bits 10 but local is 12');
  });

  it('cannot skip a section it does not model without the JSON description, and says so', () => {
    const m = createMachine('virt');
    const f = fileOf(m);
    const r = readMigrationFile(f);
    if (!r.ok) throw new Error(r.error.message);
    const bare = f.subarray(0, r.file.eofOffset + 1);
    const res = readMigrationFile(bare);
    expect(!res.ok && res.error).toEqual({
      message: "cannot tell where section 'pl011' ends: devgen does not model it and the file ends in no readable JSON description",
      offset: r.file.sections[0]!.offset,
      section: 'pl011 0',
    });
    // With the device modelled, the description is not needed (QEMU itself only warns without
    // it), and bytes after it are not read (QEMU stops after the description).
    expect(load(createMachine('virt'), bare).ok).toBe(true);
    expect(load(createMachine('virt'), Uint8Array.from([...f, 1, 2, 3])).ok).toBe(true);
    expect(readMigrationFile(Uint8Array.from([...f, 1, 2, 3])).ok).toBe(false);
  });
});

describe('hpet sections', () => {
  it('load through loadSection (the timer count comes from the receiving device) and reject a different count', () => {
    const src = createMachine('pc');
    src.memory.write(0xfed0_0108, 4, 0x1234);
    const dev = src.devices.find((d) => d.typeName === 'hpet')!;
    const header = { sectionId: 21, idstr: 'hpet', instanceId: 0 };
    const sec = saveSection(dev.vmstate, dev.context, header);
    const dst = createMachine('pc').devices.find((d) => d.typeName === 'hpet')!;
    expect(loadSection(dst.vmstate, dst.context, sec, header)).toEqual({ ok: true, header: { ...header, versionId: 2 } });
    expect(hex(dst.save())).toBe(hex(dev.save()));
    // num_timers_save (after config, isr and the counter) says 4: the device has 3.
    const four = Uint8Array.from(sec);
    four[18 + 24] = 4;
    const res = loadSection(dst.vmstate, dst.context, four, header);
    expect(res).toEqual({ ok: false, error: expect.stringMatching(/num_timers must match \(stream has 4, device has 3\)/) });
  });
});

describe('RAM records (skipped, never loaded)', () => {
  const name = new TextEncoder().encode('pc.ram');
  function records(build: (w: VmStreamWriter) => void): VmStreamReader {
    const w = new VmStreamWriter();
    build(w);
    w.u8(0xaa); // the byte after the records
    return new VmStreamReader(w.finish());
  }
  const word = (addr: number, flags: number): bigint => BigInt(addr) | BigInt(flags);

  it('walks a block list, named and continued zero pages and data pages, to EOS', () => {
    const r = records((w) => {
      w.u64(word(0x2000, RAM_SAVE_FLAG.MEM_SIZE));
      w.u8(name.length); w.bytes(name); w.u64(0x2000n);
      w.u64(word(0, RAM_SAVE_FLAG.ZERO)); w.u8(name.length); w.bytes(name); w.u8(0);
      w.u64(word(0x1000, RAM_SAVE_FLAG.PAGE | RAM_SAVE_FLAG.CONTINUE)); w.zeros(4096);
      w.u64(word(0, RAM_SAVE_FLAG.MULTIFD_FLUSH));
      w.u64(word(0, RAM_SAVE_FLAG.EOS));
    });
    skipRamRecords(r, 12, { haveBlock: false });
    expect(r.u8()).toBe(0xaa);
  });

  const bad: [string, (w: VmStreamWriter) => void, RegExp][] = [
    ['a continued page before any block', (w) => w.u64(word(0, RAM_SAVE_FLAG.ZERO | RAM_SAVE_FLAG.CONTINUE)), /continues a block but none was named/],
    ['a zero page filled with 1', (w) => { w.u64(word(0, RAM_SAVE_FLAG.ZERO)); w.u8(1); w.u8(0x41); w.u8(1); }, /zero page with value 1/],
    ['an XBZRLE page (a capability devgen does not offer)', (w) => { w.u64(word(0, RAM_SAVE_FLAG.XBZRLE)); w.u8(0); }, /unknown combination of RAM flags 0x40/],
    ['block lengths over the announced total', (w) => { w.u64(word(0x1000, RAM_SAVE_FLAG.MEM_SIZE)); w.u8(1); w.u8(0x41); w.u64(0x2000n); }, /exceed the total/],
    ['a page cut short', (w) => { w.u64(word(0, RAM_SAVE_FLAG.PAGE)); w.u8(1); w.u8(0x41); w.zeros(100); }, /stream ends inside RAM page/],
  ];
  for (const [what, build, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => skipRamRecords(records(build), 12, { haveBlock: false })).toThrow(message);
    });
  }
});
