/**
 * Hooks emitter: writes `generated/<dev>/<dev>.hooks.ts`, the typed contract between generated
 * tables and hand-written behaviour (state, props, trace, context and hooks interfaces).
 */
import type { Emitter } from './emitter.ts';
import { buildHooksView } from './hooks.view.ts';
import { devicePath } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** The hooks emitter. */
export const hooksEmitter: Emitter = {
  name: 'hooks',
  emit(device) {
    return [{ path: devicePath(device, 'hooks.ts'), content: renderTemplate('hooks.ts.hbs', buildHooksView(device)), emitter: 'hooks' }];
  },
};
