/**
 * The install manifest of a device (manifest.ts describes its shape): which generated and
 * hand-written files land where in a QEMU tree, the meson.build entry the behaviour source
 * needs, and the trace-events lines the device owns.
 */
import * as posix from 'node:path/posix';
import { bannerText } from '../emitter.ts';
import { qemuOutputPath } from './c-literals.ts';
import { QEMU_C_EMITTER, type QemuDevice } from './c-literals.ts';
import { qemuBehaviorFiles } from '../../names/qemu-c-names.ts';
import { QEMU_MANIFEST_FILE, QEMU_MANIFEST_VERSION, type QemuManifest, type QemuManifestFile } from './manifest.ts';

/** File names of a device's generated QEMU files inside `generated/<dev>/qemu/`. */
export function qemuFileNames(device: QemuDevice): { header: string; source: string; traceEvents: string; manifest: string } {
  return { header: `${device.name}.h`, source: `${device.name}.c`, traceEvents: 'trace-events', manifest: QEMU_MANIFEST_FILE };
}

/** Event-name prefix the device's trace events share (the C prefix and `_`). */
export function tracePrefix(device: QemuDevice): string {
  return `${device.qemu.prefix}_`;
}

/** Builds the manifest of one device. */
export function buildQemuManifest(device: QemuDevice): QemuManifest & { readonly $comment: string } {
  const q = device.qemu;
  const names = qemuFileNames(device);
  const behavior = qemuBehaviorFiles(device);
  const files: QemuManifestFile[] = [{ from: qemuOutputPath(device, names.header), to: q.header }];
  if (q.behaviorHeader !== undefined) files.push({ from: behavior.header, to: q.behaviorHeader });
  files.push({ from: qemuOutputPath(device, names.source), to: q.source }, { from: behavior.source, to: q.behavior });
  const folder = posix.dirname(q.source);
  const sameFolder = posix.dirname(q.behavior) === folder;
  return {
    $comment: bannerText(QEMU_C_EMITTER, device.defFile),
    version: QEMU_MANIFEST_VERSION,
    device: device.name,
    targets: q.targets,
    files,
    meson: {
      file: posix.join(folder, 'meson.build'),
      add: [sameFolder ? posix.basename(q.behavior) : posix.relative(folder, q.behavior)],
      after: posix.basename(q.source),
    },
    ...(device.traceEvents.length > 0 || device.regions.some((r) => r.trace !== undefined)
      ? { traceEvents: { file: posix.join(folder, 'trace-events'), replacePrefix: tracePrefix(device), from: qemuOutputPath(device, names.traceEvents) } }
      : {}),
  };
}
