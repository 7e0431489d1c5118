/**
 * QOM emitter: writes `generated/<dev>/<dev>.qom.ts`, the device's type record and its
 * `define<Dev>(hooks)` function (the only thing behaviour code calls to get a device class).
 */
import type { Emitter } from './emitter.ts';
import { devicePath } from './ts-literals.ts';
import { buildQomView } from './qom.view.ts';
import { renderTemplate } from './render.ts';

/** The QOM emitter. */
export const qomEmitter: Emitter = {
  name: 'qom',
  emit(device) {
    return [{ path: devicePath(device, 'qom.ts'), content: renderTemplate('qom.ts.hbs', buildQomView(device)), emitter: 'qom' }];
  },
};
