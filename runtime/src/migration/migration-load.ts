/**
 * Loading a whole migration file into a set of devices, all or nothing: the file is walked and
 * every participant's section decoded first (migration-file.ts) — nothing is touched while
 * anything in the file is wrong — then the decoded states are applied device after device,
 * each with its own post-load checks (QEMU's post_load: FIFO positions, counts, ...). When one
 * of them rejects its state, that device restores itself (vmstate.ts) and every device applied
 * before it is loaded back from the bytes it saved just before, so its post-load hooks recompute
 * what they derive (interrupt levels, timers) from the old state too.
 */
import type { VmStateDescription } from '../contract/types.ts';
import type { MigrationMachineType } from './file-format.ts';
import { readMigrationFile, type MigrationFile, type MigrationFileError, type MigrationParticipant } from './migration-file.ts';
import { commitVmState, loadVmState, saveVmState } from './vmstate.ts';

/** A device as the migration of a board sees it (DeviceInstance has this shape). */
export interface MigratableDevice {
  readonly typeName: string;
  readonly migratable: boolean;
  readonly vmstate: VmStateDescription<never>;
  readonly context: unknown;
}

/**
 * The participants of a board's migration: its migratable devices in creation order (QEMU's
 * registration order), idstr = the description name (devgen has no bus paths), instance ids
 * counted per idstr from 0 (QEMU's calculate_new_instance_id).
 */
export function migrationParticipants(devices: readonly MigratableDevice[]): MigrationParticipant[] {
  const next = new Map<string, number>();
  const out: MigrationParticipant[] = [];
  for (const d of devices) {
    if (!d.migratable) continue;
    const desc = d.vmstate as unknown as VmStateDescription<unknown>;
    const instanceId = next.get(desc.name) ?? 0;
    next.set(desc.name, instanceId + 1);
    out.push({ idstr: desc.name, instanceId, desc, ctx: d.context });
  }
  return out;
}

/** What {@link loadMigrationFile} returns: the walked file, or why nothing was loaded. */
export type MigrationLoadResult =
  | { readonly ok: true; readonly file: MigrationFile; readonly loaded: readonly string[] }
  | { readonly ok: false; readonly error: MigrationFileError };

/** One line for a rejected load: "<section> at byte N: message" as the CLI and QMP report it. */
export function formatMigrationError(e: MigrationFileError): string {
  return `${e.section === undefined ? '' : `section '${e.section}': `}${e.message.replace(/ \(at byte \d+\)$/, '')} (at byte ${e.offset})`;
}

/**
 * Loads the migration file `data` into `participants` on a board of `machine`. Never throws;
 * on any error every participant is left exactly as it was.
 */
export function loadMigrationFile(data: Uint8Array, participants: readonly MigrationParticipant[], machine: MigrationMachineType): MigrationLoadResult {
  const read = readMigrationFile(data, {
    participants,
    machineType: machine.machineType,
    targetPageBits: machine.targetPageBits,
    targetPageBitsMin: machine.targetPageBitsMin,
  });
  if (!read.ok) return read;
  const toApply = read.file.sections.filter((s) => s.plan !== undefined && s.participant !== undefined);
  const before: Uint8Array[] = [];
  for (let i = 0; i < toApply.length; i++) {
    const s = toApply[i]!;
    const p = s.participant!;
    let error: string | undefined;
    try {
      before.push(saveVmState(p.desc, p.ctx));
      const res = commitVmState(s.plan!, p.ctx);
      if (!res.ok) error = res.error;
    } catch (e) {
      error = `internal error while loading: ${String(e)}`;
    }
    if (error !== undefined) {
      for (let j = i - 1; j >= 0; j--) {
        const q = toApply[j]!.participant!;
        loadVmState(q.desc, q.ctx, before[j]!);
      }
      return { ok: false, error: { message: error, offset: s.bodyOffset, section: `${p.idstr} ${p.instanceId}` } };
    }
  }
  return { ok: true, file: read.file, loaded: toApply.map((s) => `${s.idstr} ${s.instanceId}`) };
}
