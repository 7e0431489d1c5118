/**
 * The qemu-c emitter: the same definitions as QEMU C sources. For every device with a `qemu:`
 * section it writes under `generated/<dev>/qemu/` the public header (register map, QOM and
 * state declarations, hook prototypes), the device source (MemoryRegionOps and dispatch,
 * properties, VMState, reset, QOM registration), the trace-events fragment and the install
 * manifest (emit/qemu-c/manifest.ts) the installer applies to a QEMU tree. Behaviour is
 * hand-written C beside the definition; the generator never writes it.
 */
import type { Emitter } from './emitter.ts';
import { qemuOutputPath } from './qemu-c/c-literals.ts';
import { buildQemuHeaderView, QEMU_C_EMITTER, type QemuDevice } from './qemu-c/header.view.ts';
import { buildQemuManifest, qemuFileNames } from './qemu-c/manifest.view.ts';
import { buildQemuSource } from './qemu-c/source.view.ts';
import { buildTraceEvents } from './qemu-c/trace-events.view.ts';
import { renderTemplate } from './render.ts';

/** The qemu-c emitter (devices without a `qemu:` section produce nothing). */
export const qemuCEmitter: Emitter = {
  name: QEMU_C_EMITTER,
  emit(device, ctx) {
    if (device.qemu === undefined) return [];
    const d = device as QemuDevice;
    const files = qemuFileNames(d);
    const out = [
      { path: qemuOutputPath(d, files.header), content: renderTemplate('qemu-c/device.h.hbs', buildQemuHeaderView(d)), emitter: QEMU_C_EMITTER },
      { path: qemuOutputPath(d, files.source), content: buildQemuSource(d, ctx), emitter: QEMU_C_EMITTER },
    ];
    const trace = buildTraceEvents(d);
    if (trace !== undefined) out.push({ path: qemuOutputPath(d, files.traceEvents), content: trace, emitter: QEMU_C_EMITTER });
    out.push({ path: qemuOutputPath(d, files.manifest), content: `${JSON.stringify(buildQemuManifest(d), null, 2)}\n`, emitter: QEMU_C_EMITTER });
    return out;
  },
};
