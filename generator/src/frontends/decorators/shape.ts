/**
 * Stage 2 of the decorator front end: what each decorator means in format v1, and the shape
 * check of the value the reader built. The check is the YAML front end's (one zod schema, one
 * table of rule ids); only the key spelling differs, so messages that quote a format key are
 * given back in the camelCase a decorator author writes.
 */
import type { DeviceDef } from '../../schema/device.schema.ts';
import { DiagnosticSink, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { ReadYaml } from '../yaml/read.ts';
import { checkShape } from '../yaml/shape.ts';

/** Where a class decorator's options go in the definition value. */
export interface ClassDecoratorTarget {
  /** Path of the entry (single) or of the list the entry is appended to. */
  readonly path: readonly string[];
  /** Declared at most once per device. */
  readonly single: boolean;
  /** Top-level key that must already exist (and the decorator that makes it). */
  readonly under?: readonly string[];
  readonly needs?: string;
}

/** Class decorators of api.ts and their place in format v1. */
export const CLASS_DECORATORS: Readonly<Record<string, ClassDecoratorTarget>> = {
  Device: { path: ['device'], single: true },
  Region: { path: ['regions'], single: false },
  Property: { path: ['properties'], single: false },
  Gpio: { path: ['gpios'], single: false },
  Clock: { path: ['clocks'], single: false },
  Chardev: { path: ['chardev'], single: true },
  I2c: { path: ['i2c'], single: true },
  Bus: { path: ['buses'], single: false },
  Trace: { path: ['trace'], single: false },
  Struct: { path: ['structs'], single: false },
  Block: { path: ['blocks'], single: false },
  Vmstate: { path: ['vmstate'], single: true },
  VmSubsection: { path: ['vmstate', 'subsections'], single: false, under: ['vmstate'], needs: 'Vmstate' },
  VmStruct: { path: ['vmstate', 'structs'], single: false, under: ['vmstate'], needs: 'Vmstate' },
};

/** Member decorators of api.ts. */
export const MEMBER_DECORATORS: ReadonlySet<string> = new Set(['Register', 'Field', 'State']);

/** Format v1 keys written in kebab-case, by their camelCase spelling in decorator options. */
const KEBAB: Readonly<Record<string, string>> = {
  resetKeeps: 'reset-keeps',
  ignoreWrites: 'ignore-writes',
  exactOffsets: 'exact-offsets',
  badOffsetRead: 'bad-offset-read',
  outOfRange: 'out-of-range',
  qemuUnnamed: 'qemu-unnamed',
  minimumVersion: 'minimum-version',
  preSave: 'pre-save',
  postLoad: 'post-load',
};
const CAMEL: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KEBAB).map(([c, k]) => [k, c]));

/** The format v1 key of an option key (camelCase → kebab-case for the keys that have one). */
export function toYamlKey(key: string): string {
  return KEBAB[key] ?? key;
}

/** Rewrites format keys quoted in a message ('reset-keeps') into their option spelling ('resetKeeps'). */
export function toOptionSpelling(message: string): string {
  return message.replace(/'([a-z]+(?:-[a-z]+)+)'/g, (whole, k: string) => (CAMEL[k] ? `'${CAMEL[k]}'` : whole));
}

/** Runs the shared shape check; diagnostics go to `sink` with option spellings. */
export function checkDecoratorShape(read: ReadYaml, sink: DiagnosticSink): DeviceDef | undefined {
  const local = new DiagnosticSink();
  const def = checkShape(read, local);
  sink.addAll(local.toArray().map((d): Diagnostic => ({ ...d, message: toOptionSpelling(d.message) })));
  return def;
}
