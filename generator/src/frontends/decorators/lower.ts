/**
 * Stage 3 of the decorator front end: lowering. The reader produced the format v1 value with
 * spans into the TypeScript source, so lowering is the YAML front end's own (numbers, defaults,
 * implicit fields): one lowering means one IR, whichever front end a device was written in.
 */
import type { DeviceIR } from '../../ir/ir.ts';
import type { DeviceDef } from '../../schema/device.schema.ts';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import type { ReadYaml } from '../yaml/read.ts';
import { lowerDevice } from '../yaml/lower.ts';

/** Lowers a shape-checked decorator definition; `defFile` is the display path used in spans. */
export function lowerDecoratorDevice(read: ReadYaml, def: DeviceDef, defFile: string, sink: DiagnosticSink): DeviceIR {
  return lowerDevice(read, def, defFile, sink);
}
