/**
 * View model of `<dev>.hooks.ts`: the typed shell behaviour code implements — state record,
 * property record, trace points, the narrowed context and the hooks interface. The names of
 * hooks are derived here once (`hookNames`) and reused by the MMIO and VMState emitters.
 */
import type { DeviceIR, RegisterBlockIR, RegisterHookName, RegisterIR, StateFieldIR, StructIR } from '../ir/ir.ts';
import type { FileView } from './render.ts';
import { bannerText } from './emitter.ts';
import {
  RUNTIME_IMPORT, camelCase, deviceNames, docWithRef, identPart, pascalCase, ref, tsScalarType, tsString, typedArrayOf,
} from './names.ts';

/** A member line of a generated interface with its JSDoc. */
export interface MemberView {
  readonly doc: string;
  readonly decl: string;
}

/** A struct's interface. */
export interface StructView {
  readonly doc: string;
  readonly name: string;
  readonly fields: readonly MemberView[];
}

/** The whole hooks file. */
export interface HooksView extends FileView {
  readonly type: string;
  readonly device: string;
  readonly structs: readonly StructView[];
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

/** Name of a register hook method, e.g. `readDR`, `postWriteLCR_H`, `writeT_CONF` (register CONF of block T). */
export function registerHookName(register: RegisterIR, hook: RegisterHookName, block?: RegisterBlockIR): string {
  return `${REGISTER_HOOK_PREFIX[hook]}${block ? `${identPart(block.name)}_` : ''}${identPart(register.name)}`;
}

/** Interface name of a struct: PascalCase, prefixed with the device type unless it already starts with it (`hpet_timer` → `HpetTimer`). */
export function structTypeName(device: DeviceIR, struct: string): string {
  const t = deviceNames(device).type;
  const p = pascalCase(struct);
  return p.startsWith(t) ? p : `${t}${p}`;
}

/** TypeScript type of a state or struct field (numbers, bigint, typed arrays, Timer, struct arrays). */
export function stateFieldType(device: DeviceIR, f: StateFieldIR): string {
  if (f.type === 'timer') return 'Timer';
  if (f.type === 'bitbang-i2c') return 'BitbangI2c';
  if (f.type === 'struct') return `${structTypeName(device, f.struct ?? '')}[]`;
  if (f.length === undefined) return tsScalarType(f.type);
  return f.type === 'bool' ? 'boolean[]' : typedArrayOf(f.type);
}

/** A state/struct member declaration: objects the runtime creates (timers, struct arrays) are readonly. */
function stateMember(device: DeviceIR, f: StateFieldIR, doc: string): MemberView {
  const ro = f.type === 'timer' || f.type === 'struct' || f.type === 'bitbang-i2c' ? 'readonly ' : '';
  return { doc, decl: `${ro}${f.name}: ${stateFieldType(device, f)};` };
}

/** A key of a generated object type: quoted when the name is not an identifier (`'pit-enabled'`). */
export function typeKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name);
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
  const all = [
    ...device.registers.map((reg) => ({ reg, block: undefined as RegisterBlockIR | undefined })),
    ...device.blocks.flatMap((block) => block.registers.map((reg) => ({ reg, block }))),
  ];
  for (const { reg, block } of all) {
    const idx = reg.array || block ? 'index: number, ' : '';
    const elem = reg.array ? ' (`index` is the array element)' : '';
    const title = block ? `${block.name}[index].${reg.name}` : reg.name;
    for (const hook of REGISTER_HOOK_ORDER.filter((h) => reg.hooks.includes(h))) {
      const name = registerHookName(reg, hook, block);
      if (reg.width === 64) {
        // 64-bit registers: whole values as bigint; writes carry the lane mask (mmio-wide.ts).
        if (hook === 'read') {
          out.push({ doc: docWithRef(`${title} read hook; returns the whole 64-bit register value${elem}`, reg.span), decl: `${name}(ctx: ${ctx}, ${idx}): bigint;`.replace(', )', ')') });
        } else if (hook === 'write') {
          out.push({ doc: docWithRef(`${title} write hook; \`value\` is shifted into its lane, \`mask\` has the written bits set${elem}`, reg.span), decl: `${name}(ctx: ${ctx}, ${idx}value: bigint, mask: bigint): void;` });
        } else {
          out.push({ doc: docWithRef(`Called after ${title} is stored${elem}`, reg.span), decl: `${name}(ctx: ${ctx}, ${idx}oldValue: bigint, newValue: bigint): void;` });
        }
        continue;
      }
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
  const timers = new Set<string>();
  for (const { field, owner } of timerFields(device)) {
    if (field.callback === undefined || timers.has(field.callback)) continue;
    timers.add(field.callback);
    const what = owner ? `timer field "${field.name}" of struct "${owner}"; \`index\` is the element` : `timer field "${field.name}"; \`index\` is 0`;
    out.push({ doc: docWithRef(`Expiry of ${what}`, field.span), decl: `${field.callback}(ctx: ${ctx}, index: number): void;` });
  }
  const vm = device.vmstate;
  if (vm?.preSave) out.push({ doc: docWithRef('VMState pre-save: bring the state record up to date before it is sent', vm.span), decl: `vmstatePreSave(ctx: ${ctx}): void;` });
  if (vm?.postLoad) out.push({ doc: docWithRef('VMState post-load; returns an error message to reject the stream', vm.span), decl: `vmstatePostLoad(ctx: ${ctx}, versionId: number): string | undefined;` });
  const seen = new Set<string>();
  const validates = [...(vm?.fields ?? []), ...(vm?.subsections ?? []).flatMap((x) => x.fields), ...(vm?.structs ?? []).flatMap((x) => x.fields)];
  for (const f of validates) {
    if (f.source.kind !== 'validate' || seen.has(f.source.hook)) continue;
    seen.add(f.source.hook);
    out.push({ doc: docWithRef(`VMState check "${f.name}"; returns an error message to reject the stream`, f.span), decl: `${f.source.hook}(ctx: ${ctx}, versionId: number): string | undefined;` });
  }
  for (const sub of vm?.subsections ?? []) {
    if (sub.needed.kind !== 'hook' || seen.has(sub.needed.hook)) continue;
    seen.add(sub.needed.hook);
    out.push({ doc: docWithRef(`Whether subsection "${sub.name}" is sent`, sub.needed.span), decl: `${neededHookName(sub.needed.hook)}(ctx: ${ctx}): boolean;` });
  }
  // I2C slave callbacks: only those listed; the bus gives QEMU's answers for the others.
  const i2c = device.i2c;
  if (i2c?.hooks.includes('event')) out.push({ doc: docWithRef('I2C bus event (start of a send or receive, finish, nack); non-zero NACKs a start', i2c.span), decl: `i2cEvent(ctx: ${ctx}, event: I2cEvent): number;` });
  if (i2c?.hooks.includes('recv')) out.push({ doc: docWithRef('A byte the I2C master reads from this slave (0..255)', i2c.span), decl: `i2cRecv(ctx: ${ctx}): number;` });
  if (i2c?.hooks.includes('send')) out.push({ doc: docWithRef('A byte the I2C master writes to this slave; returns 0 to ACK, non-zero to NACK', i2c.span), decl: `i2cSend(ctx: ${ctx}, byte: number): number;` });
  if (device.hooks.includes('realize')) out.push({ doc: docWithRef('Device realize: set up what the properties decide', device.span), decl: `realize(ctx: ${ctx}): void;` });
  if (device.hooks.includes('pre-reset')) out.push({ doc: docWithRef('Device reset, first phase: runs before registers and state fields take their reset values, so it still sees the old state', device.span), decl: `preReset(ctx: ${ctx}): void;` });
  if (device.hooks.includes('reset')) out.push({ doc: docWithRef('Device reset, after registers and state fields took their reset values', device.span), decl: `reset(ctx: ${ctx}): void;` });
  return out;
}

/** Builds the hooks file's view model. */
export function buildHooksView(device: DeviceIR): HooksView {
  const n = deviceNames(device);
  const ctx = `${n.type}Context`;
  const state = device.state.map((f) => stateMember(device, f, docWithRef(f.description, f.span)));
  const structs = device.structs.map((st: StructIR): StructView => ({
    doc: docWithRef(`Struct "${st.name}": ${st.description}`, st.span),
    name: structTypeName(device, st.name),
    fields: st.fields.map((f) => stateMember(device, f, docWithRef(f.type === 'timer' && f.callback ? `${f.description.replace(/\.$/, '')}; expiry calls \`${f.callback}(ctx, index)\`` : f.description, f.span))),
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
      decl: `readonly gpio: { ${outs.map((g) => `readonly ${typeKey(g.name)}: readonly IrqLine[]`).join('; ')} };`,
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
  if (device.bus === 'i2c') context.push({ doc: 'The I2C slave part (QEMU I2CSlave): the bus address, migrated as "I2CSlave".', decl: 'readonly i2c: I2cSlaveState;' });
  if (device.buses.length > 0) {
    context.push({ doc: 'Child buses the device creates, by name.', decl: `readonly buses: { ${device.buses.map((b) => `readonly ${typeKey(b.name)}: I2cBus`).join('; ')} };` });
  }
  context.push({ doc: 'Trace points.', decl: `readonly trace: ${n.type}Trace;` });
  const hooks = hookMembers(device, ctx);
  const runtimeTypes = ['DeviceContext'];
  if (outs.length > 0) runtimeTypes.push('IrqLine');
  if (device.clocks.length > 0) runtimeTypes.push('Clock');
  if (device.chardev) runtimeTypes.push('CharBackend');
  if (device.chardev?.receive) runtimeTypes.push('ChardevEvent');
  if (timerFields(device).length > 0) runtimeTypes.push('Timer');
  if (device.bus === 'i2c') runtimeTypes.push('I2cSlaveState');
  if (device.i2c?.hooks.includes('event')) runtimeTypes.push('I2cEvent');
  if (device.buses.length > 0) runtimeTypes.push('I2cBus');
  const defRef = (span: { file: string; line: number } | undefined, what: string): string =>
    span ? `${device.defFile}:${span.line}` : `${device.defFile}, \`${what}\``;
  return {
    banner: bannerText('hooks', device.defFile),
    imports: [{ typeOnly: true, names: runtimeTypes.sort().join(', '), from: RUNTIME_IMPORT }],
    type: n.type,
    device: device.name,
    structs,
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

/** Timer fields of the device state and of its structs (owner = struct name). */
export function timerFields(device: DeviceIR): { field: StateFieldIR; owner: string | undefined }[] {
  return [
    ...device.state.filter((f) => f.type === 'timer').map((field) => ({ field, owner: undefined })),
    ...device.structs.flatMap((st) => st.fields.filter((f) => f.type === 'timer').map((field) => ({ field, owner: st.name }))),
  ];
}
