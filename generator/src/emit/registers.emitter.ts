/**
 * Registers emitter: writes `generated/<dev>/<dev>.registers.ts`, the register map as constants
 * (offsets, field masks, shifts, widths, enum values) that behaviour code imports.
 */
import type { Emitter } from './emitter.ts';
import { buildRegistersView } from './registers.view.ts';
import { renderTemplate } from './render.ts';
import { devicePath } from './ts-literals.ts';

/** The registers emitter. */
export const registersEmitter: Emitter = {
  name: 'registers',
  emit(device) {
    // A device without registers (an I2C slave) has no register map to import.
    if (device.registers.length === 0 && device.blocks.length === 0) return [];
    return [{ path: devicePath(device, 'registers.ts'), content: renderTemplate('registers.ts.hbs', buildRegistersView(device)), emitter: 'registers' }];
  },
};
