/**
 * The device-class registry: generated/devices.ts lists every device class, sorted by type
 * name, so boards and the qtest server know every definition without a hand-kept list. A
 * definition with behaviour contributes the `<device>Class` its behaviour file exports
 * (`export const pl011Class = definePl011(hooks)`; a missing export fails the typecheck of this
 * file); one without behaviour is bound to no hooks here.
 */
import type { DeviceIR } from '../ir/ir.ts';
import type { ProjectEmitter } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { deviceNames } from '../names/device-names.ts';
import { RUNTIME_IMPORT, ref, moduleSpecifier } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** Name of the device class a behaviour file exports for `device` (`pl011` → `pl011Class`). */
export function deviceClassName(device: DeviceIR): string {
  return deviceNames(device).deviceClass;
}

/** Emits generated/devices.ts. */
export const devicesEmitter: ProjectEmitter = {
  name: 'devices',
  emit(devices: readonly DeviceIR[]) {
    const sorted = devices.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const entry = (d: DeviceIR) => {
      const names = deviceNames(d);
      return d.behaviorFile !== undefined
        ? { names: deviceClassName(d), from: moduleSpecifier(`../${d.behaviorFile}`), expr: deviceClassName(d) }
        : { names: names.define, from: moduleSpecifier(`./${d.name}/${d.name}.qom.ts`), expr: `${names.define}({})` };
    };
    const view = {
      banner: bannerText('devices', 'defs/**/*.device.{yaml,ts}'),
      imports: [
        { typeOnly: true, names: 'DeviceClass', from: moduleSpecifier(RUNTIME_IMPORT) },
        ...sorted.map((d) => ({ typeOnly: false, names: entry(d).names, from: entry(d).from })),
      ],
      devices: sorted.map((d) => ({ expr: entry(d).expr, ref: ref(d.span) })),
    };
    return [{ path: 'generated/devices.ts', content: renderTemplate('devices.ts.hbs', view), emitter: 'devices' }];
  },
};
