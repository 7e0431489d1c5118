/**
 * MMIO emitter: writes `generated/<dev>/<dev>.mmio.ts`, the per-region register tables the
 * runtime compiles into its dispatch (offset → entry with masks, storage accessors and hooks).
 */
import type { Emitter } from './emitter.ts';
import { buildMmioView } from './mmio.view.ts';
import { devicePath } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** The MMIO emitter. */
export const mmioEmitter: Emitter = {
  name: 'mmio',
  emit(device, ctx) {
    return [{ path: devicePath(device, 'mmio.ts'), content: renderTemplate('mmio.ts.hbs', buildMmioView(device, ctx)), emitter: 'mmio' }];
  },
};
