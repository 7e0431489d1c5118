/**
 * View model of `<dev>.hooks.ts`: the typed shell behaviour code implements — state record,
 * property record, trace points, the narrowed context and the hooks interface. The names of
 * hooks are derived here once (`hookNames`) and reused by the MMIO and VMState emitters.
 */
import type { DeviceIR, RegisterHookName, RegisterIR } from '../ir/ir.ts';
import type { FileView } from './render.ts';
import { bannerText } from './emitter.ts';
import {
  RUNTIME_IMPORT, camelCase, deviceNames, docWithRef, identPart, pascalCase, ref, tsScalarType, typedArrayOf,
} from './names.ts';

/** A member line of a generated interface with its JSDoc. */
export interface MemberView {
  readonly doc: string;
  readonly decl: string;
}

/** The whole hooks file. */
export interface HooksView extends FileView {
  readonly type: string;
  readonly device: string;
  readonly stateDoc: string;
  readonly state: readonly MemberView[];
  readonly propsDoc: string;
  readonly props: readonly MemberView[];
  readonly traceDoc: string;
  readonly trace: readonly MemberView[];
  readonly contextDoc: string;
  readonly context: readonly MemberView[];
  readonly hooksDoc: string;
  readonly hooks: readonly MemberView[];
}

const REGISTER_HOOK_PREFIX: Record<RegisterHookName, string> = { read: 'read', write: 'write', 'post-write': 'postWrite' };

/** Name of a register hook method, e.g. `readDR`, `postWriteLCR_H`. */
export function registerHookName(register: RegisterIR, hook: RegisterHookName): string {
  return `${REGISTER_HOOK_PREFIX[hook]}${identPart(register.name)}`;
}

/** Name of the hook handling an input GPIO group, e.g. `gpioInReset` for group `reset`. */
export function gpioInHookName(group: string): string {
  return `gpioIn${pascalCase(group)}`;
}

/** Name of the hook deciding a subsection's `needed: {hook: X}` (the hook is named X). */
export function neededHookName(hook: string): string {
  return camelCase(hook);
}

const REGISTER_HOOK_ORDER: readonly RegisterHookName[] = ['read', 'write', 'post-write'];

function registerHooks(device: DeviceIR, ctx: string): MemberView[] {
  const out: MemberView[] = [];
  for (const reg of device.registers) {
    const idx = reg.array ? 'index: number, ' : '';
    const elem = reg.array ? ' (`index` is the array element)' : '';
    for (const hook of REGISTER_HOOK_ORDER.filter((h) => reg.hooks.includes(h))) {
      const name = registerHookName(reg, hook);
      if (hook === 'read') {
        out.push({ doc: docWithRef(`${reg.name} read hook; returns the register value${elem}`, reg.span), decl: `${name}(ctx: ${ctx}, ${idx}): number;`.replace(', )', ')') });
      } else if (hook === 'write') {
        out.push({ doc: docWithRef(`${reg.name} write hook${elem}`, reg.span), decl: `${name}(ctx: ${ctx}, ${idx}value: number): void;` });
      } else {
        out.push({
          doc: docWithRef(`Called after ${reg.name} is stored${elem}`, reg.span),
          decl: `${name}(ctx: ${ctx}, ${idx}oldValue: number, newValue: number): void;`,
        });
      }
    }
  }
  return out;
}

function hookMembers(device: DeviceIR, ctx: string): MemberView[] {
  const out = registerHooks(device, ctx);
  for (const g of device.gpios.filter((x) => x.direction === 'in')) {
    out.push({
      doc: docWithRef(`Input line \`n\` of GPIO group "${g.name}" changed to \`level\``, g.span),
      decl: `${gpioInHookName(g.name)}(ctx: ${ctx}, n: number, level: boolean): void;`,
    });
  }
  const cd = device.chardev;
  if (cd?.receive) {
    out.push(
      { doc: docWithRef('How many bytes the device can take from its character back end now', cd.span), decl: `chardevCanReceive(ctx: ${ctx}): number;` },
      { doc: docWithRef('Bytes from the character back end (at most what chardevCanReceive allowed)', cd.span), decl: `chardevReceive(ctx: ${ctx}, data: Uint8Array): void;` },
      { doc: docWithRef('An event from the character back end', cd.span), decl: `chardevEvent(ctx: ${ctx}, event: ChardevEvent): void;` },
    );
  }
  const vm = device.vmstate;
  if (vm?.preSave) out.push({ doc: docWithRef('VMState pre-save: bring the state record up to date before it is sent', vm.span), decl: `vmstatePreSave(ctx: ${ctx}): void;` });
  if (vm?.postLoad) out.push({ doc: docWithRef('VMState post-load; returns an error message to reject the stream', vm.span), decl: `vmstatePostLoad(ctx: ${ctx}, versionId: number): string | undefined;` });
  const seen = new Set<string>();
  for (const sub of vm?.subsections ?? []) {
    if (sub.needed.kind !== 'hook' || seen.has(sub.needed.hook)) continue;
    seen.add(sub.needed.hook);
    out.push({ doc: docWithRef(`Whether subsection "${sub.name}" is sent`, sub.needed.span), decl: `${neededHookName(sub.needed.hook)}(ctx: ${ctx}): boolean;` });
  }
  if (device.hooks.includes('realize')) out.push({ doc: docWithRef('Device realize: set up what the properties decide', device.span), decl: `realize(ctx: ${ctx}): void;` });
  if (device.hooks.includes('reset')) out.push({ doc: docWithRef('Device reset, after registers and state fields took their reset values', device.span), decl: `reset(ctx: ${ctx}): void;` });
  return out;
}

/** Builds the hooks file's view model. */
export function buildHooksView(device: DeviceIR): HooksView {
  const n = deviceNames(device);
  const ctx = `${n.type}Context`;
  const state = device.state.map((f) => ({
    doc: docWithRef(f.description, f.span),
    decl: `${f.name}: ${f.length === undefined ? tsScalarType(f.type) : f.type === 'bool' ? 'boolean[]' : typedArrayOf(f.type)};`,
  }));
  const props = device.properties.map((p) => ({
    doc: docWithRef(p.description, p.span),
    decl: `readonly ${camelCase(p.name)}: ${p.type === 'chardev' || p.type === 'string' ? 'string | null' : tsScalarType(p.type)};`,
  }));
  const trace = device.traceEvents.map((t) => ({
    doc: docWithRef(`Trace point "${t.format}"`, t.span),
    decl: `readonly ${t.name}: (${t.args.map((a) => `${a.name}: ${tsScalarType(a.type)}`).join(', ')}) => void;`,
  }));
  const outs = device.gpios.filter((g) => g.direction === 'out');
  const context: MemberView[] = [];
  if (outs.length > 0) {
    context.push({
      doc: 'Output line groups by group name.',
      decl: `readonly gpio: { ${outs.map((g) => `readonly ${g.name}: readonly IrqLine[]`).join('; ')} };`,
    });
    const lines = outs.flatMap((g) => g.lines);
    if (lines.length > 0) {
      context.push({ doc: 'Output lines by line name.', decl: `readonly lines: {\n${lines.map((l) => `    readonly ${l}: IrqLine;`).join('\n')}\n  };` });
    }
  }
  if (device.clocks.length > 0) {
    context.push({ doc: 'Clocks by name.', decl: `readonly clocks: { ${device.clocks.map((c) => `readonly ${c.name}: Clock`).join('; ')} };` });
  }
  if (device.chardev) context.push({ doc: 'The character back end.', decl: 'readonly chardev: CharBackend;' });
  context.push({ doc: 'Trace points.', decl: `readonly trace: ${n.type}Trace;` });
  const hooks = hookMembers(device, ctx);
  const runtimeTypes = ['DeviceContext'];
  if (outs.length > 0) runtimeTypes.push('IrqLine');
  if (device.clocks.length > 0) runtimeTypes.push('Clock');
  if (device.chardev) runtimeTypes.push('CharBackend');
  if (device.chardev?.receive) runtimeTypes.push('ChardevEvent');
  const defRef = (span: { file: string; line: number } | undefined, what: string): string =>
    span ? `${device.defFile}:${span.line}` : `${device.defFile}, \`${what}\``;
  return {
    banner: bannerText('hooks', device.defFile),
    imports: [{ typeOnly: true, names: runtimeTypes.sort().join(', '), from: RUNTIME_IMPORT }],
    type: n.type,
    device: device.name,
    stateDoc: `Run-time state of ${device.name} (${defRef(device.state[0]?.span, 'state')}).`,
    state,
    propsDoc: `Properties of ${device.name}, camelCase keys (${defRef(device.properties[0]?.span, 'properties')}).`,
    props,
    traceDoc: `Trace points of ${device.name} (${defRef(device.traceEvents[0]?.span, 'trace')}).`,
    trace,
    contextDoc: `What every ${device.name} hook receives (${ref(device.span)}).`,
    context,
    hooksDoc: device.behaviorFile
      ? `Behaviour the hand-written ${device.name} code supplies (${device.behaviorFile}).`
      : `Behaviour hand-written ${device.name} code supplies.`,
    hooks,
  };
}
