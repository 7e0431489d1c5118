/**
 * Project-level emitters: `generated/index.ts` (every device's type description, for
 * registries and `devgen dump-vmstate`) and `generated/schema/device.schema.json` (the published
 * JSON Schema of the YAML format, which defs reference through `# yaml-language-server`).
 */
import type { DeviceIR } from '../ir/ir.ts';
import { buildDeviceJsonSchema } from '../schema/device.schema.ts';
import type { ProjectEmitter } from './emitter.ts';
import { bannerText } from './emitter.ts';
import { deviceNames } from '../names/device-names.ts';
import { RUNTIME_IMPORT, ref, moduleSpecifier } from './ts-literals.ts';
import { renderTemplate } from './render.ts';

/** Source named in project-level banners. */
const ALL_DEFS = 'defs/**/*.device.yaml';

/** Emits generated/index.ts. */
export const indexEmitter: ProjectEmitter = {
  name: 'index',
  emit(devices: readonly DeviceIR[]) {
    const sorted = devices.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const view = {
      banner: bannerText('index', ALL_DEFS),
      imports: [
        { typeOnly: true, names: 'DeviceTypeInfo', from: moduleSpecifier(RUNTIME_IMPORT) },
        ...sorted.map((d) => ({ typeOnly: false, names: `${deviceNames(d).value}TypeInfo`, from: moduleSpecifier(`./${d.name}/${d.name}.qom.ts`) })),
      ],
      devices: sorted.map((d) => ({ info: `${deviceNames(d).value}TypeInfo`, ref: ref(d.span) })),
    };
    return [{ path: 'generated/index.ts', content: renderTemplate('index.ts.hbs', view), emitter: 'index' }];
  },
};

/** Emits generated/schema/device.schema.json; the banner goes in `$comment` (JSON has no comments). */
export const schemaEmitter: ProjectEmitter = {
  name: 'schema',
  emit() {
    const schema = { $comment: bannerText('schema', 'generator/src/schema/device.schema.ts'), ...buildDeviceJsonSchema() };
    return [{ path: 'generated/schema/device.schema.json', content: `${JSON.stringify(schema, null, 2)}\n`, emitter: 'schema' }];
  },
};
