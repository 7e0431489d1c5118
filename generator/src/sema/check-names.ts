/**
 * Name checks: duplicates within each scope, names that cannot become identifiers, and clashes
 * between the identifiers the emitters derive (QAPI's check_clash idea). The derived spellings
 * come from the names module (names/device-names.ts), the same functions the emitters use, so
 * whatever this check accepts generates without a duplicate declaration.
 */
import type { DeviceIR, Span, VmFieldIR } from '../ir/ir.ts';
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { propertyKey } from '../names/device-names.ts';
import { generatedIdentifiers, identifierClashes, ownerParts } from '../names/generated-identifiers.ts';
import { deviceNameProblem, propertyNameProblem, vmstateNameProblem } from '../names/name-rules.ts';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words that cannot be used as a parameter or binding name in strict-mode TypeScript. */
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval',
]);

/** Object keys that would collide with Object.prototype machinery in generated tables. */
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);

/** Why a name is not usable as an identifier, or undefined when it is. */
function identProblem(name: string, binding: boolean): string | undefined {
  if (!IDENT.test(name)) return 'letters, digits, _ and $ only, not starting with a digit';
  if (binding && RESERVED.has(name)) return 'a reserved word';
  if (PROTO_KEYS.has(name)) return 'an Object.prototype member';
  return undefined;
}

interface Named {
  readonly name: string;
  readonly span: Span;
}

/** Reports duplicate names in one scope. */
function duplicates(items: readonly Named[], what: string, sink: DiagnosticSink, context?: string): void {
  const first = new Map<string, Named>();
  for (const it of items) {
    const prev = first.get(it.name);
    if (prev) sink.report('duplicate-name', it.span, { what, name: q(it.name), line: prev.span.line }, context);
    else first.set(it.name, it);
  }
}

/** Reports names that are not identifiers. */
function identifiers(items: readonly Named[], what: string, sink: DiagnosticSink, binding = false, context?: string): void {
  for (const it of items) {
    const rule = identProblem(it.name, binding);
    if (rule) sink.report('invalid-identifier', it.span, { what, name: q(it.name), rule }, context);
  }
}

/** A name as quoted in a message: a very long one is cut, its length is in the rule text. */
const shown = (name: string): string => q(name.length > 60 ? `${name.slice(0, 40)}…` : name);

/** Reports names QEMU itself would refuse (names/name-rules.ts), before any is used in a path or generated code. */
function qemuNames(device: DeviceIR, sink: DiagnosticSink): void {
  const deviceRule = deviceNameProblem(device.name);
  if (deviceRule) sink.report('invalid-device-name', device.span, { name: shown(device.name), rule: deviceRule });
  for (const p of device.properties) {
    const rule = propertyNameProblem(p.name);
    if (rule) sink.report('invalid-property-name', p.span, { name: shown(p.name), rule });
  }
  if (device.vmstate) {
    const vm = device.vmstate;
    const vmRule = vmstateNameProblem(vm.name);
    if (vmRule) sink.report('vmstate-name-length', vm.span, { what: 'vmstate', name: shown(vm.name), rule: vmRule });
    for (const s of vm.subsections) {
      const rule = vmstateNameProblem(s.name);
      if (rule) sink.report('vmstate-name-length', s.span, { what: 'subsection', name: shown(s.name), rule }, `in vmstate ${q(vm.name)}`);
    }
  }
}

/** Runs the name checks. */
export function checkNames(device: DeviceIR, sink: DiagnosticSink): void {
  qemuNames(device, sink);
  duplicates(device.regions, 'region', sink);
  duplicates(device.registers, 'register', sink);
  identifiers(device.registers, 'register', sink);
  for (const reg of device.registers) {
    const ctx = `in register ${q(reg.name)}`;
    const explicit = reg.fields.filter((f) => !f.implicit);
    duplicates(explicit, 'field', sink, ctx);
    identifiers(explicit, 'field', sink, false, ctx);
    for (const f of explicit) {
      duplicates(f.enums, 'enum value', sink, `${ctx}, field ${q(f.name)}`);
      identifiers(f.enums, 'enum value', sink, false, `${ctx}, field ${q(f.name)}`);
    }
  }

  duplicates(device.properties, 'property', sink);
  for (const p of device.properties) {
    const key = propertyKey(p.name);
    const rule = identProblem(key, false);
    if (rule) sink.report('invalid-identifier', p.span, { what: 'property', name: q(p.name), rule: `its key ${q(key)} has ${rule}` }, undefined);
  }

  duplicates(device.state, 'state', sink);
  identifiers(device.state, 'state', sink);
  duplicates(device.clocks, 'clock', sink);
  identifiers(device.clocks, 'clock', sink);
  duplicates(device.gpios, 'gpio', sink);
  // Group names may be kebab-case (QEMU names GPIOs like "pit-enabled"): generated code quotes
  // them as keys and derives hook names in PascalCase.
  for (const g of device.gpios) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(g.name) || PROTO_KEYS.has(g.name)) {
      sink.report('invalid-identifier', g.span, { what: 'gpio', name: q(g.name), rule: 'letters, digits, _ and - only, starting with a letter' });
    }
  }
  duplicates(device.structs, 'struct', sink);
  identifiers(device.structs.map((s) => ({ name: s.name, span: s.span })), 'struct', sink);
  for (const st of device.structs) {
    duplicates(st.fields, 'struct field', sink, `in struct ${q(st.name)}`);
    identifiers(st.fields, 'struct field', sink, false, `in struct ${q(st.name)}`);
  }
  duplicates(device.blocks, 'block', sink);
  identifiers(device.blocks, 'block', sink);
  for (const b of device.blocks) {
    const ctx = `in block ${q(b.name)}`;
    duplicates(b.registers, 'register', sink, ctx);
    identifiers(b.registers, 'register', sink, false, ctx);
    for (const r of b.registers) {
      const explicit = r.fields.filter((f) => !f.implicit);
      duplicates(explicit, 'field', sink, `${ctx}, register ${q(r.name)}`);
      identifiers(explicit, 'field', sink, false, `${ctx}, register ${q(r.name)}`);
    }
  }
  duplicates(device.traceEvents, 'trace event', sink);
  identifiers(device.traceEvents, 'trace event', sink);
  for (const t of device.traceEvents) {
    const args = t.args.map((a) => ({ name: a.name, span: t.span }));
    const ctx = `in trace event ${q(t.name)}`;
    duplicates(args, 'trace argument', sink, ctx);
    identifiers(args, 'trace argument', sink, true, ctx);
  }

  // Line names of every group share one `ctx.lines` object in generated code.
  const lines = new Map<string, { group: string; span: Span }>();
  for (const g of device.gpios) {
    for (const line of g.lines) {
      const ctx = `in gpio ${q(g.name)}`;
      const rule = identProblem(line, false);
      if (rule) {
        sink.report('invalid-identifier', g.span, { what: 'gpio line', name: q(line), rule }, ctx);
        continue;
      }
      const prev = lines.get(line);
      if (prev) {
        sink.report('name-clash', g.span, { what: 'gpio line', name: q(line), ident: `lines.${line}`, other: `the line of gpio ${q(prev.group)}`, line: prev.span.line }, ctx);
      } else lines.set(line, { group: g.name, span: g.span });
    }
  }

  for (const { first, second } of identifierClashes(generatedIdentifiers(device))) {
    const { what, name } = ownerParts(second.owner);
    sink.report('name-clash', second.span, { what, name, ident: q(second.ident), other: first.owner, line: first.span.line });
  }

  if (device.vmstate) {
    const vm = device.vmstate;
    const named = (fields: readonly VmFieldIR[]) => fields.filter((f) => f.source.kind !== 'unused');
    duplicates(named(vm.fields), 'vmstate field', sink, `in vmstate ${q(vm.name)}`);
    duplicates(vm.subsections, 'subsection', sink, `in vmstate ${q(vm.name)}`);
    for (const s of vm.subsections) duplicates(named(s.fields), 'vmstate field', sink, `in subsection ${q(s.name)}`);
    duplicates(vm.structs, 'vmstate struct', sink, `in vmstate ${q(vm.name)}`);
    for (const s of vm.structs) duplicates(named(s.fields), 'vmstate field', sink, `in vmstate struct ${q(s.name)}`);
  }
}
