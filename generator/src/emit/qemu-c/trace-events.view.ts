/**
 * The trace-events fragment of a device: one line per trace event of the definition, in
 * QEMU's trace-events syntax (`name(type arg, ...) "format"`), which QEMU's tracetool turns
 * into the `trace_<name>()` calls the generated source and the behaviour make.
 */
import type { ScalarType } from '../../ir/ir.ts';
import { bannerText } from '../emitter.ts';
import { cString } from './c-literals.ts';
import { QEMU_C_EMITTER, type QemuDevice } from './c-literals.ts';

/** C type of a trace argument; bool travels as int, as tracetool's backends expect. */
export function traceArgType(type: ScalarType | 'string'): string {
  const map: Record<ScalarType | 'string', string> = {
    bool: 'int', u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
    i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t', string: 'const char *',
  };
  return map[type];
}

/** The fragment's text, or undefined when the device has no trace events. */
export function buildTraceEvents(device: QemuDevice): string | undefined {
  if (device.traceEvents.length === 0) return undefined;
  const lines = [`# ${bannerText(QEMU_C_EMITTER, device.defFile)}`, '', `# ${device.qemu.source.split('/').pop()}`];
  for (const t of device.traceEvents) {
    const args = t.args.length === 0 ? 'void' : t.args.map((a) => `${traceArgType(a.type)}${a.type === 'string' ? '' : ' '}${a.name}`).join(', ');
    lines.push(`${t.name}(${args}) ${cString(t.format)}`);
  }
  return `${lines.join('\n')}\n`;
}
