/**
 * Device section framing as QEMU's savevm writes a full (non-iterative) device section:
 *   0x04 QEMU_VM_SECTION_FULL, be32 section_id, idstr (length byte + bytes),
 *   be32 instance_id, be32 version_id, the VMState body,
 *   0x7e QEMU_VM_SECTION_FOOTER, be32 section_id (the same id again).
 * The loader checks what qemu_loadvm_section_start_full and check_section_footer check
 * (known idstr/instance, version not newer than ours, footer marker and id), but unlike
 * QEMU it checks the footer *before* touching the device, so a rejected section changes nothing.
 */
import type { VmStateDescription } from '../contract/types.ts';
import { VmStreamError, VmStreamReader, VmStreamWriter } from './stream.ts';
import { commitVmState, countedName, decodeVmState, saveInto } from './vmstate.ts';
import type { VmLoadPlan } from './vmstate.ts';

/** QEMU_VM_SECTION_FULL: a complete device section. */
export const QEMU_VM_SECTION_FULL = 0x04;
/** QEMU_VM_SECTION_FOOTER: closes a section, followed by the section id. */
export const QEMU_VM_SECTION_FOOTER = 0x7e;

/** Identity of a device section in a migration stream. */
export interface SectionHeader {
  /** Stream-local number of the section (QEMU numbers sections in registration order). */
  readonly sectionId: number;
  /** savevm id string (e.g. "pl011" or "<dev path>/pl011"). */
  readonly idstr: string;
  readonly instanceId: number;
}

/** Result of `loadSection`: the header read on success, or why the section was rejected. */
export type SectionLoadResult =
  | { readonly ok: true; readonly header: SectionHeader & { readonly versionId: number } }
  | { readonly ok: false; readonly error: string };

/** Writes one full device section for `ctx` (header, body at `desc.version`, footer). */
export function saveSection<C>(desc: VmStateDescription<C>, ctx: C, header: SectionHeader): Uint8Array {
  const w = new VmStreamWriter();
  const id = countedName(header.idstr, 'section idstr');
  w.u8(QEMU_VM_SECTION_FULL);
  w.u32(header.sectionId);
  w.u8(id.length);
  w.bytes(id);
  w.u32(header.instanceId);
  w.u32(desc.version);
  saveInto(w, desc, ctx);
  w.u8(QEMU_VM_SECTION_FOOTER);
  w.u32(header.sectionId);
  return w.finish();
}

/**
 * Loads one full device section into `ctx`. `expect` names the device the caller is loading
 * (idstr and instance id; a different one is QEMU's "Unknown savevm section or instance").
 * Bytes after the footer are an error. On any error the device is left exactly as it was.
 */
export function loadSection<C>(
  desc: VmStateDescription<C>,
  ctx: C,
  data: Uint8Array,
  expect: { readonly idstr: string; readonly instanceId: number },
): SectionLoadResult {
  let plan: VmLoadPlan;
  let header: SectionHeader & { versionId: number };
  try {
    const r = new VmStreamReader(data);
    const type = r.u8('section type');
    if (type !== QEMU_VM_SECTION_FULL) {
      throw new VmStreamError(`expected a full section (0x04), found section type 0x${type.toString(16)}`, 0);
    }
    const sectionId = r.u32('section id');
    const idLen = r.u8('idstr length');
    const idstr = new TextDecoder().decode(r.bytes(idLen, 'idstr'));
    const instanceId = r.u32('instance id');
    const versionId = r.u32('version id');
    header = { sectionId, idstr, instanceId, versionId };
    if (idstr !== expect.idstr || instanceId !== expect.instanceId) {
      throw new VmStreamError(
        `unknown savevm section or instance '${idstr}' ${instanceId} (expected '${expect.idstr}' ${expect.instanceId})`,
        1 + 4,
      );
    }
    if (versionId > desc.version) {
      throw new VmStreamError(`savevm: unsupported version ${versionId} for '${idstr}' v${desc.version}`, r.offset - 4);
    }
    // The receiving device's context gives variable array lengths (hpet's timers), as in QEMU.
    plan = decodeVmState(desc as unknown as Parameters<typeof decodeVmState>[0], r, versionId, ctx);
    const mark = r.u8('section footer');
    if (mark !== QEMU_VM_SECTION_FOOTER) {
      throw new VmStreamError(`missing section footer for ${idstr} (found 0x${mark.toString(16)})`, r.offset - 1);
    }
    const footerId = r.u32('footer section id');
    if (footerId !== sectionId) {
      throw new VmStreamError(
        `mismatched section id in footer for ${idstr} - read 0x${footerId.toString(16)} expected 0x${sectionId.toString(16)}`,
        r.offset - 4,
      );
    }
    if (r.remaining > 0) throw new VmStreamError(`${r.remaining} trailing byte(s) after the section footer`, r.offset);
  } catch (e) {
    if (e instanceof VmStreamError) return { ok: false, error: e.message };
    return { ok: false, error: `${expect.idstr}: internal error while decoding: ${e instanceof Error ? e.message : String(e)}` };
  }
  const res = commitVmState(plan, ctx);
  return res.ok ? { ok: true, header } : res;
}
