/**
 * Checks of the names a scaffold is asked for, reported at the argument on the command line
 * with the rule id a definition spelling the same name would get, and the paths those names
 * become. The rules themselves live with the formats (the names module for QOM type names, the
 * board schema for machine names); this module only positions them.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { q } from '../diagnostics/diagnostic.ts';
import { MACHINE_NAME_PATTERN, MACHINE_NAME_RULE } from '../machine/machine.schema.ts';
import { isQomTypeName } from '../names/name-rules.ts';
import { commandLineDiagnostic, type ScaffoldError } from './scaffold-files.ts';

/** Where a name was given: the words after `devgen` and the index of the name among them. */
export interface ArgPosition {
  readonly argv: readonly string[];
  readonly index: number;
}

/** The position of `name` as the last word of `devgen new KIND NAME` (what tests and the API pass). */
export function defaultPosition(kind: string, name: string): ArgPosition {
  return { argv: ['new', kind, name], index: 2 };
}

function at(pos: ArgPosition, report: (sink: DiagnosticSink, span: Parameters<DiagnosticSink['report']>[1]) => void): ScaffoldError {
  return commandLineDiagnostic(pos.argv, pos.index, (span) => {
    const sink = new DiagnosticSink();
    report(sink, span);
    return sink.toArray()[0]!;
  });
}

/** A device name that is not a QOM type name, positioned at its argument; undefined when it is one. */
export function deviceNameError(name: string, pos: ArgPosition): ScaffoldError | undefined {
  if (isQomTypeName(name)) return undefined;
  return at(pos, (sink, span) => sink.report('name-qom-type', span, { what: 'device', name: q(name) }));
}

/** A machine name the board format refuses, positioned at its argument; undefined when it is valid. */
export function machineNameError(name: string, pos: ArgPosition): ScaffoldError | undefined {
  if (new RegExp(MACHINE_NAME_PATTERN).test(name)) return undefined;
  return at(pos, (sink, span) => sink.report('invalid-shape', span, { detail: `${q(name)}: ${MACHINE_NAME_RULE}` }));
}

/** Where a device's definition goes: `defs/NAME/NAME.device.yaml`. */
export function deviceDefinitionPath(name: string): string {
  return `defs/${name}/${name}.device.yaml`;
}

/** Where a board's definition goes: `defs/machines/NAME.machine.yaml`. */
export function machineDefinitionPath(name: string): string {
  return `defs/machines/${name}.machine.yaml`;
}
