/**
 * Reading a whole QEMU 10.0 migration file (see file-format.ts for its layout). Nothing is
 * loaded here: the reader walks every section and returns where each one is, and for the
 * devices the caller models a decoded (not yet applied) plan of its state.
 *
 * Sections carry no length, so each one is ended by understanding it:
 *  - a device the caller models: decoded with its VMState description and its own device
 *    context (a variable array takes its length from the receiving device, as in QEMU), then
 *    the footer is checked — never by searching for the footer bytes, which device data may
 *    contain;
 *  - RAM: its records are walked (ram-records.ts);
 *  - any other full section: its length comes from the file's JSON description (the bytes
 *    QEMU wrote for each field), then the footer is checked.
 * Every problem is one {@link MigrationFileError}: what, the section, and the byte offset.
 */
import type { VmStateDescription } from '../contract/types.ts';
import { describedBodySize, locateFileDescription, type FileDescription } from './file-description.ts';
import { CONFIGURATION, MIG_CMD_SWITCHOVER_START, QEMU_VM, QEMU_VM_FILE_MAGIC, QEMU_VM_FILE_VERSION, QEMU_VM_FILE_VERSION_COMPAT } from './file-format.ts';
import { skipRamRecords } from './ram-records.ts';
import { VmStreamError, VmStreamReader } from './stream.ts';
import { decodeVmState, type VmLoadPlan } from './vmstate.ts';

/** A device whose sections the reader decodes (and the loader loads): what QEMU's savevm handler is. */
export interface MigrationParticipant<C = unknown> {
  /** savevm id string (the description name for devices without a bus path, e.g. "pl011"). */
  readonly idstr: string;
  /** Instance number among participants of the same idstr (QEMU numbers them 0, 1, ... in creation order). */
  readonly instanceId: number;
  /** The device's bound VMState description. */
  readonly desc: VmStateDescription<C>;
  /** The device context the description reads and writes. */
  readonly ctx: C;
}

/** How a section's end was found. */
export type SectionEnding = 'decoded' | 'ram' | 'description';

/** One section of the file. `bytes` runs from its type byte through its footer. */
export interface MigrationFileSection {
  /** Section type byte (QEMU_VM.SECTION_START / PART / END / FULL). */
  readonly type: number;
  readonly sectionId: number;
  /** idstr and instance of the section (for part/end: those of the start section with the same id). */
  readonly idstr: string;
  readonly instanceId: number;
  /** Version of a start or full section (for part/end: the start's). */
  readonly versionId: number;
  /** File offsets: of the type byte, of the body, of the footer byte, and just past the footer. */
  readonly offset: number;
  readonly bodyOffset: number;
  readonly footerOffset: number;
  readonly end: number;
  /** The whole section, and its body alone (views into the file). */
  readonly bytes: Uint8Array;
  readonly body: Uint8Array;
  readonly ending: SectionEnding;
  /** For a participant's section: the decoded state, applied by loadMigrationFile. */
  readonly participant?: MigrationParticipant;
  readonly plan?: VmLoadPlan;
}

/** A walked file. */
export interface MigrationFile {
  /** The stream version (always 3). */
  readonly version: number;
  /** The machine type the configuration section names. */
  readonly machineType: string;
  /** Target page bits: the subsection's value, or undefined when the file has none. */
  readonly targetPageBits: number | undefined;
  /** The configuration section: from its 0x07 byte to the first section. */
  readonly configuration: { readonly offset: number; readonly end: number; readonly bytes: Uint8Array };
  readonly sections: readonly MigrationFileSection[];
  /** Offset of the end-of-stream byte. */
  readonly eofOffset: number;
  /** The JSON description and its offset (of the 0x06 byte), when the file has one. */
  readonly description: FileDescription | undefined;
  readonly descriptionOffset: number | undefined;
}

/** A rejected file: one message naming the section (when inside one) and the byte offset. */
export interface MigrationFileError {
  readonly message: string;
  readonly offset: number;
  /** `idstr` and instance of the section the problem is in, e.g. "pl011 0". */
  readonly section?: string;
}

/** What {@link readMigrationFile} returns. */
export type MigrationFileResult = { readonly ok: true; readonly file: MigrationFile } | { readonly ok: false; readonly error: MigrationFileError };

/** What the reader checks the file against. */
export interface ReadMigrationFileOptions {
  /** Devices whose sections are decoded; any other device section is skipped. */
  readonly participants?: readonly MigrationParticipant[];
  /** The receiving board's target page bits (ends RAM records, checks the configuration). */
  readonly targetPageBits?: number;
  /** The page bits a file without the target-page-bits subsection means (the target's minimum). */
  readonly targetPageBitsMin?: number;
  /** The receiving board's machine type: a file naming another one is rejected, as QEMU does. */
  readonly machineType?: string;
}

const text = new TextDecoder();

/** A name read from the file, with control and non-ASCII characters escaped so a message stays one readable line. */
function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

class FileReject extends Error {
  constructor(readonly reject: MigrationFileError) {
    super(reject.message);
  }
}

function fail(message: string, offset: number, section?: string): never {
  throw new FileReject({ message, offset, ...(section === undefined ? {} : { section }) });
}

/** Reads a subsection header of the configuration; undefined when the next byte is not one of its subsections. */
function configSubsection(r: VmStreamReader): { name: string; version: number; at: number } | undefined {
  if (r.peek(0) !== QEMU_VM.SUBSECTION) return undefined;
  const len = r.peek(1) ?? 0;
  const name = r.peekBytes(2, len);
  if (name === undefined || len < CONFIGURATION.name.length + 1 || !text.decode(name).startsWith(CONFIGURATION.name)) return undefined;
  const at = r.offset;
  r.skip(2 + len);
  // QEMU keeps a subsection's be32 version in a byte: only the low byte counts.
  return { name: text.decode(name), version: r.u32(`version of subsection ${text.decode(name)}`) & 0xff, at };
}

function readConfiguration(r: VmStreamReader, opts: ReadMigrationFileOptions): { machineType: string; targetPageBits: number | undefined } {
  const at = r.offset;
  if (r.u8('configuration marker') !== QEMU_VM.CONFIGURATION) fail('configuration section missing', at, CONFIGURATION.name);
  const len = r.u32('configuration: machine name length');
  if (len > 256) fail(`machine name length ${len} is over 256`, r.offset - 4, CONFIGURATION.name);
  const machineType = printable(r.bytes(len, 'configuration: machine name'));
  let targetPageBits: number | undefined;
  for (let sub = configSubsection(r); sub !== undefined; sub = configSubsection(r)) {
    if (sub.version !== 1) fail(`subsection ${sub.name} version ${sub.version} is not 1`, sub.at, CONFIGURATION.name);
    switch (sub.name) {
      case CONFIGURATION.targetPageBits:
        targetPageBits = r.u32('configuration: target page bits');
        break;
      case CONFIGURATION.capabilities: {
        const count = r.u32('configuration: capability count');
        if (count > 0) {
          const n = r.u8('configuration: capability name length');
          const cap = text.decode(r.bytes(n, 'configuration: capability name'));
          fail(`the file was saved with capability '${cap}', which devgen does not support`, sub.at, CONFIGURATION.name);
        }
        break;
      }
      case CONFIGURATION.uuid:
        r.skip(16, 'configuration: uuid');
        break;
      default:
        fail(`unknown subsection "${sub.name}"`, sub.at, CONFIGURATION.name);
    }
  }
  if (opts.machineType !== undefined && machineType !== opts.machineType) {
    fail(`machine type received is '${machineType}' and local is '${opts.machineType}'`, at + 5, CONFIGURATION.name);
  }
  if (opts.targetPageBits !== undefined) {
    const received = targetPageBits ?? opts.targetPageBitsMin ?? opts.targetPageBits;
    if (received !== opts.targetPageBits) {
      fail(`received target page bits ${received} but local is ${opts.targetPageBits}`, at, CONFIGURATION.name);
    }
  }
  return { machineType, targetPageBits };
}

/**
 * Walks the migration file `data`: header, configuration, every section to the end of stream,
 * and the JSON description after it. Never throws for any input; the first problem found is
 * returned with its offset (and the section, when inside one).
 */
export function readMigrationFile(data: Uint8Array, opts: ReadMigrationFileOptions = {}): MigrationFileResult {
  try {
    return { ok: true, file: walk(data, opts) };
  } catch (e) {
    if (e instanceof FileReject) return { ok: false, error: e.reject };
    if (e instanceof VmStreamError) return { ok: false, error: { message: e.message, offset: e.offset } };
    return { ok: false, error: { message: `internal error while reading the migration file: ${String(e)}`, offset: 0 } };
  }
}

function walk(data: Uint8Array, opts: ReadMigrationFileOptions): MigrationFile {
  const r = new VmStreamReader(data);
  const magic = r.u32('file magic');
  if (magic !== QEMU_VM_FILE_MAGIC) fail('not a migration stream (no QEVM magic)', 0);
  const version = r.u32('file version');
  if (version === QEMU_VM_FILE_VERSION_COMPAT) fail('SaveVM v2 format is obsolete', 4);
  if (version !== QEMU_VM_FILE_VERSION) fail(`unsupported migration stream version ${version}`, 4);
  const configOffset = r.offset;
  const { machineType, targetPageBits } = readConfiguration(r, opts);
  const configuration = { offset: configOffset, end: r.offset, bytes: data.subarray(configOffset, r.offset) };
  const located = locateFileDescription(data);
  // RAM records are cut at the sender's page size: the subsection's, else the description's
  // page_size, else (as QEMU assumes without the subsection) the target's minimum.
  const described = located?.description.page_size;
  const describedBits = typeof described === 'number' && described > 0 && Number.isInteger(Math.log2(described)) ? Math.log2(described) : undefined;
  const pageBits = targetPageBits ?? describedBits ?? opts.targetPageBitsMin ?? opts.targetPageBits ?? 12;

  const describedDevices = new Map<string, unknown>();
  for (const d of located?.description.devices ?? []) {
    if (d !== null && typeof d === 'object') describedDevices.set(`${String(d.name)} ${String(d.instance_id)}`, d);
  }
  const participants = new Map<string, MigrationParticipant>();
  for (const p of opts.participants ?? []) participants.set(`${p.idstr} ${p.instanceId}`, p);

  const sections: MigrationFileSection[] = [];
  const started = new Map<number, { idstr: string; instanceId: number; versionId: number }>();
  const seen = new Set<string>();
  const ram = { haveBlock: false };
  for (;;) {
    const offset = r.offset;
    const type = r.u8('section type');
    if (type === QEMU_VM.EOF) break;
    let idstr: string;
    let instanceId: number;
    let versionId: number;
    let sectionId: number;
    if (type === QEMU_VM.SECTION_START || type === QEMU_VM.SECTION_FULL) {
      sectionId = r.u32('section id');
      const len = r.u8('section idstr length');
      idstr = printable(r.bytes(len, 'section idstr'));
      instanceId = r.u32('section instance id');
      versionId = r.u32('section version id');
    } else if (type === QEMU_VM.SECTION_PART || type === QEMU_VM.SECTION_END) {
      sectionId = r.u32('section id');
      const s = started.get(sectionId);
      if (s === undefined) fail(`section id 0x${sectionId.toString(16)} continues no started section`, offset + 1);
      ({ idstr, instanceId, versionId } = s);
    } else if (type === QEMU_VM.COMMAND) {
      const command = r.u16('migration command');
      const len = r.u16('migration command length');
      // QEMU 10.0 announces the switchover to the destination; it carries nothing a file load needs.
      if (command !== MIG_CMD_SWITCHOVER_START || len !== 0) {
        fail(`migration command ${command} (length ${len}) is not one a file migration carries (only switchover-start is)`, offset);
      }
      continue;
    } else {
      fail(`unknown section type 0x${type.toString(16)}`, offset);
    }
    const name = `${idstr} ${instanceId}`;
    const bodyOffset = r.offset;
    let ending: SectionEnding;
    let plan: VmLoadPlan | undefined;
    const participant = type === QEMU_VM.SECTION_FULL ? participants.get(name) : undefined;
    try {
      if (type === QEMU_VM.SECTION_START) {
        if (idstr !== 'ram') fail(`iterative section '${idstr}' is not one devgen can read (only RAM is)`, offset, name);
        started.set(sectionId, { idstr, instanceId, versionId });
      }
      if (type !== QEMU_VM.SECTION_FULL) {
        skipRamRecords(r, pageBits, ram);
        ending = 'ram';
      } else if (participant !== undefined) {
        if (seen.has(name)) fail(`section '${idstr}' instance ${instanceId} appears twice`, offset, name);
        seen.add(name);
        if (versionId > participant.desc.version) {
          fail(`unsupported version ${versionId} for '${idstr}' (local version ${participant.desc.version})`, bodyOffset - 4, name);
        }
        plan = decodeVmState(participant.desc as unknown as Parameters<typeof decodeVmState>[0], r, versionId, participant.ctx);
        ending = 'decoded';
      } else {
        const d = describedDevices.get(name);
        if (d === undefined) {
          fail(
            located === undefined
              ? `cannot tell where section '${idstr}' ends: devgen does not model it and the file ends in no readable JSON description`
              : `cannot tell where section '${idstr}' ends: devgen does not model it and the file's JSON description does not describe it`,
            offset,
            name,
          );
        }
        const size = describedBodySize(d);
        if (size === undefined) fail(`cannot tell where section '${idstr}' ends: its JSON description gives no field sizes`, offset, name);
        r.skip(size, `section ${idstr} (${size} bytes as described)`);
        ending = 'description';
      }
    } catch (e) {
      if (e instanceof VmStreamError) fail(`section '${idstr}' instance ${instanceId}: ${e.message}`, e.offset, name);
      throw e;
    }
    const footerOffset = r.offset;
    const mark = r.u8(`footer of section ${idstr}`);
    if (mark !== QEMU_VM.SECTION_FOOTER) {
      fail(`missing section footer for '${idstr}' (found 0x${mark.toString(16)})`, footerOffset, name);
    }
    const footerId = r.u32(`footer section id of ${idstr}`);
    if (footerId !== sectionId) {
      fail(`mismatched section id in footer for '${idstr}': read 0x${footerId.toString(16)}, expected 0x${sectionId.toString(16)}`, footerOffset + 1, name);
    }
    if (type === QEMU_VM.SECTION_END) started.delete(sectionId);
    sections.push({
      type, sectionId, idstr, instanceId, versionId, offset, bodyOffset, footerOffset, end: r.offset,
      bytes: data.subarray(offset, r.offset), body: data.subarray(bodyOffset, footerOffset), ending,
      ...(participant !== undefined ? { participant, plan } : {}),
    });
  }
  const eofOffset = r.offset - 1;
  // What follows the end of stream is only a description for tools: QEMU reads past it and never
  // fails on it. It matters here only if sizes were taken from it, and then it must be this one.
  const usedDescription = sections.some((s) => s.ending === 'description');
  if (usedDescription && located!.offset !== r.offset) {
    fail(`the JSON description used to skip sections starts at byte ${located!.offset}, not right after the end of stream`, r.offset);
  }
  const atEof = located !== undefined && located.offset === r.offset ? located : undefined;
  return {
    version, machineType, targetPageBits, configuration, sections, eofOffset,
    description: atEof?.description, descriptionOffset: atEof?.offset,
  };
}
