/**
 * The emitter registry: which emitters run, in which order. Order only affects the order of
 * the output list (the pipeline sorts by path before writing), never file contents.
 */
import { devicesEmitter } from './devices.emitter.ts';
import { docsEmitter } from './docs.emitter.ts';
import type { Emitter, ProjectEmitter } from './emitter.ts';
import { hooksEmitter } from './hooks.emitter.ts';
import { mmioEmitter } from './mmio.emitter.ts';
import { indexEmitter, schemaEmitter } from './project.emitters.ts';
import { qemuCEmitter } from './qemu-c.emitter.ts';
import { qomEmitter } from './qom.emitter.ts';
import { registersEmitter } from './registers.emitter.ts';
import { vmstateEmitter } from './vmstate.emitter.ts';

/** Per-device emitters. */
export const deviceEmitters: readonly Emitter[] = [hooksEmitter, registersEmitter, mmioEmitter, vmstateEmitter, qomEmitter, docsEmitter];

/**
 * Emitters a project selects in devgen.config.yaml (`emitters:`), by emitter name; the
 * configuration's OPTIONAL_EMITTERS lists the same names (a unit test holds them equal).
 */
export const optionalEmitters: Readonly<Record<string, Emitter>> = { [qemuCEmitter.name]: qemuCEmitter };

/** Project-level emitters. */
export const projectEmitters: readonly ProjectEmitter[] = [indexEmitter, devicesEmitter, schemaEmitter];

export type { Emitter, ProjectEmitter, OutputFile, EmitContext } from './emitter.ts';
export { bannerText, hasBanner, createEmitContext } from './emitter.ts';
