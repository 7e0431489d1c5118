/**
 * VMState emitter: writes `generated/<dev>/<dev>.vmstate.ts` for devices that declare `vmstate`.
 */
import type { Emitter } from './emitter.ts';
import { devicePath } from './ts-literals.ts';
import { renderTemplate } from './render.ts';
import { buildVmStateView } from './vmstate.view.ts';

/** The VMState emitter. */
export const vmstateEmitter: Emitter = {
  name: 'vmstate',
  emit(device, ctx) {
    const view = buildVmStateView(device, ctx);
    if (view === undefined) return [];
    return [{ path: devicePath(device, 'vmstate.ts'), content: renderTemplate('vmstate.ts.hbs', view), emitter: 'vmstate' }];
  },
};
