/**
 * The shape stage of format v1, shared by every front end: runs the one zod schema over the
 * value a front end read and turns each zod issue into a positioned diagnostic: unknown keys at
 * the key (with "did you mean"), missing keys at the enclosing entry, wrong types and values at
 * the value itself. Keys quoted in messages are given back in the author's spelling
 * (`resetKeeps` for a decorator definition).
 */
import type * as z from 'zod';
import { DeviceDefSchema, type DeviceDef } from '../schema/device.schema.ts';
import { DiagnosticSink, didYouMean, q, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { contextOf, describeValue, respellKeys, valueAt, type DefinitionValue, type ValuePath } from './definition-value.ts';

/** Runs the shape check; returns the typed definition, or undefined if any issue was found. */
export function checkShape(read: DefinitionValue, sink: DiagnosticSink): DeviceDef | undefined {
  return checkShapeWith(DeviceDefSchema, undefined, read, sink);
}

/**
 * The shape check against any format's zod schema (device or board definitions); `labels`
 * names the entries of each list for context lines ("in register 'CR'"; default: the device
 * format's lists).
 */
export function checkShapeWith<T>(
  schema: z.ZodType<T>,
  labels: Readonly<Record<string, string>> | undefined,
  read: DefinitionValue,
  sink: DiagnosticSink,
): T | undefined {
  const parsed = schema.safeParse(read.value);
  if (parsed.success) return parsed.data;
  const local = new DiagnosticSink();
  for (const issue of parsed.error.issues) reportIssue(read, local, issue, schema as unknown as ZodLike, labels);
  sink.addAll(local.toArray().map((d): Diagnostic => ({ ...d, message: respellKeys(d.message, (k) => read.spellKey(k)) })));
  return undefined;
}

function reportIssue(
  read: DefinitionValue,
  sink: DiagnosticSink,
  issue: z.core.$ZodIssue,
  schema: ZodLike,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  const path = issue.path as (string | number)[];
  const context = contextOf(read.value, path, labels);
  const value = valueAt(read.value, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path);
      for (const key of issue.keys) {
        sink.report('unknown-key', read.keySpanOf([...path, key]), { key: q(key), hint: didYouMean(key, allowed) }, context);
      }
      return;
    }
    case 'custom':
    case 'invalid_type': {
      if (value === undefined && typeof path[path.length - 1] === 'string' && !hasKey(read.value, path)) {
        const parent = path.slice(0, -1);
        sink.report('missing-key', read.spanOf(parent), { key: q(String(path[path.length - 1])) }, contextOf(read.value, parent, labels));
        return;
      }
      if (issue.code === 'invalid_type') {
        sink.report('wrong-type', read.spanOf(path), { expected: expectedText(issue.expected), found: describeValue(value) }, context);
        return;
      }
      sink.report('invalid-shape', read.spanOf(path), { detail: describeFailure(issue.message, value) }, context);
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const shown = typeof value === 'string' ? q(value) : describeValue(value);
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      const list = allowed.length > 8 ? `one of ${allowed.slice(0, 8).join(', ')}, …` : allowed.length === 1 ? allowed[0]! : `one of ${allowed.join(', ')}`;
      sink.report('invalid-value', read.spanOf(path), { value: shown, allowed: list, hint }, context);
      return;
    }
    case 'too_small':
      sink.report('invalid-shape', read.spanOf(path), { detail: typeof value === 'string' ? 'must not be empty' : issue.message }, context);
      return;
    case 'invalid_union':
      sink.report('invalid-shape', read.spanOf(path), { detail: describeFailure(issue.message, value) }, context);
      return;
    default:
      sink.report('invalid-shape', read.spanOf(path), { detail: issue.message }, context);
  }
}

/** True when the object at path[:-1] has the key path[-1] (even with a null value). */
function hasKey(root: unknown, path: ValuePath): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]!);
}

/** "expected a number, found a list" (the found part only for scalars and lists). */
function describeFailure(message: string, value: unknown): string {
  return value === undefined || (value !== null && typeof value === 'object' && !Array.isArray(value)) ? message : `${message}, found ${describeValue(value)}`;
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'string': return 'a string';
    case 'boolean': return 'a boolean (true or false)';
    case 'record': return 'a mapping';
    default: return expected;
  }
}

/** Keys the schema allows for the object at `path` (for "did you mean"). */
function allowedKeys(schema: ZodLike, path: ValuePath): string[] {
  let s = schema;
  for (const p of path) {
    s = unwrap(s);
    const def = s._zod.def;
    if (def.type === 'object' && typeof p === 'string' && def.shape?.[p]) s = def.shape[p];
    else if (def.type === 'array' && typeof p === 'number' && def.element) s = def.element;
    else return [];
  }
  s = unwrap(s);
  return s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape ?? {}) : [];
}

/** Minimal view of a zod schema's internals used to walk the schema by path. */
interface ZodLike {
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; element?: ZodLike; innerType?: ZodLike; options?: ZodLike[] } };
}

function unwrap(s: ZodLike): ZodLike {
  let cur = s;
  for (;;) {
    const def = cur._zod.def;
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) cur = def.innerType;
    else if (def.type === 'union' && def.options) cur = def.options.find((o) => ['object', 'array'].includes(unwrap(o)._zod.def.type)) ?? def.options[0]!;
    else return cur;
  }
}
