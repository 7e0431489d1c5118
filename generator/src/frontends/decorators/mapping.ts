/**
 * How the decorators of `devgen/define` (define/src/index.ts) map onto format v1: which
 * decorator fills which part of the definition value, and how option keys are spelled (camelCase
 * options for the kebab-case keys of the format). The reader (read.ts) and the YAML → decorator converter (frontends/yaml-to-decorators.ts) share it.
 */

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

/** Class decorators of devgen/define and their place in format v1. */
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
  Variant: { path: ['variants'], single: false },
  Vmstate: { path: ['vmstate'], single: true },
  VmSubsection: { path: ['vmstate', 'subsections'], single: false, under: ['vmstate'], needs: 'Vmstate' },
  VmStruct: { path: ['vmstate', 'structs'], single: false, under: ['vmstate'], needs: 'Vmstate' },
  Qemu: { path: ['qemu'], single: true },
};

/** Member decorators of devgen/define and the top-level list each appends to (Field goes into its register). */
export const MEMBER_DECORATORS: Readonly<Record<string, string | undefined>> = { Register: 'registers', Field: undefined, State: 'state' };

/** Every decorator name devgen/define exports (for "did you mean"). */
export const DECORATOR_NAMES: readonly string[] = [...Object.keys(CLASS_DECORATORS), ...Object.keys(MEMBER_DECORATORS)];

/** Format v1 keys written in kebab-case, by their camelCase spelling in decorator options. */
const KEBAB: Readonly<Record<string, string>> = {
  resetKeeps: 'reset-keeps',
  ignoreWrites: 'ignore-writes',
  partialWrites: 'partial-writes',
  exactOffsets: 'exact-offsets',
  badOffsetRead: 'bad-offset-read',
  defaultRegister: 'default-register',
  outOfRange: 'out-of-range',
  qemuUnnamed: 'qemu-unnamed',
  minimumVersion: 'minimum-version',
  preSave: 'pre-save',
  postLoad: 'post-load',
  behaviorHeader: 'behavior-header',
  resetUnaddressed: 'reset-unaddressed',
};
const CAMEL: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KEBAB).map(([c, k]) => [k, c]));

/** The format v1 key of an option key (camelCase → kebab-case for the keys that have one). */
export function toYamlKey(key: string): string {
  return Object.hasOwn(KEBAB, key) ? KEBAB[key]! : key;
}

/** The option spelling of a format v1 key (`reset-keeps` → `resetKeeps`). */
export function toOptionKey(key: string): string {
  return Object.hasOwn(CAMEL, key) ? CAMEL[key]! : key;
}
