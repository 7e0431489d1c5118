/**
 * View model of `<dev>.hooks.ts`: the typed shell behaviour code implements — state record,
 * property record, trace points, the narrowed context and the hooks interface: one member per
 * hook the names module lists (`hookBindings`), the same list the type info hands the runtime.
 */
import type { DeviceIR, StateFieldIR, StructIR } from '../ir/ir.ts';
import { CHARDEV_HOOKS, deviceNames, hookBindings, propertyKey, structTypeName, timerFields, type HookBinding } from '../names/device-names.ts';
import type { FileView } from './render.ts';
import { bannerText } from './emitter.ts';
import { RUNTIME_IMPORT, commentText, docWithRef, moduleSpecifier, ref, tsScalarType, tsString, typedArrayOf } from './ts-literals.ts';

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

/** TypeScript type of a state or struct field (numbers, bigint, typed arrays, Timer, struct arrays). */
export function stateFieldType(device: DeviceIR, f: StateFieldIR): string {
  if (f.type === 'timer') return 'Timer';
  if (f.type === 'bitbang-i2c') return 'BitbangI2cEngine';
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

/** The member declaration of one hook, by what it is for. */
function hookMember(h: HookBinding, ctx: string): MemberView {
  const doc = (text: string): string => docWithRef(text, h.span);
  switch (h.kind) {
    case 'register-read':
    case 'register-write':
    case 'register-post-write': {
      const reg = h.register!;
      const idx = reg.array || h.block ? 'index: number, ' : '';
      const elem = reg.array ? ' (`index` is the array element)' : '';
      const title = h.block ? `${h.block.name}[index].${reg.name}` : reg.name;
      // 64-bit registers: whole values as bigint; writes carry the lane mask.
      const v = reg.width === 64 ? 'bigint' : 'number';
      if (h.kind === 'register-read') {
        const what = reg.width === 64 ? 'returns the whole 64-bit register value' : 'returns the register value';
        return { doc: doc(`${title} read hook; ${what}${elem}`), decl: `${h.name}(ctx: ${ctx}${idx === '' ? '' : ', index: number'}): ${v};` };
      }
      if (h.kind === 'register-write') {
        if (reg.width === 64) {
          return { doc: doc(`${title} write hook, replacing the store; \`value\` is shifted into its lane, \`mask\` has the written bits set${elem}`), decl: `${h.name}(ctx: ${ctx}, ${idx}value: bigint, mask: bigint): void;` };
        }
        return { doc: doc(`${title} write hook, replacing the store${elem}`), decl: `${h.name}(ctx: ${ctx}, ${idx}value: number): void;` };
      }
      return {
        doc: doc(`Called after ${title} is stored, with every mask and access kind applied${elem}`),
        decl: `${h.name}(ctx: ${ctx}, ${idx}oldValue: ${v}, newValue: ${v}): void;`,
      };
    }
    case 'region-post-write':
      return {
        doc: doc(`Runs after every write region ${h.region!.name} takes — a register's (after its own hooks), a reserved range's or a bad offset's (after the guest error is logged) — with the offset and size of the access`),
        decl: `${h.name}(ctx: ${ctx}, offset: number, size: number): void;`,
      };
    case 'gpio-in':
      return { doc: doc(`Input line \`n\` of ${h.what ?? 'a GPIO group'} was set to \`level\` (a C int as qemu_set_irq passes it; what to keep of it is the device's choice)`), decl: `${h.name}(ctx: ${ctx}, n: number, level: number): void;` };
    case 'chardev':
      if (h.which === 'canReceive') return { doc: doc('How many bytes the device can take from its character back end now'), decl: `${h.name}(ctx: ${ctx}): number;` };
      if (h.which === 'receive') return { doc: doc(`Bytes from the character back end (at most what ${CHARDEV_HOOKS.canReceive} allowed)`), decl: `${h.name}(ctx: ${ctx}, data: Uint8Array): void;` };
      return { doc: doc('An event from the character back end'), decl: `${h.name}(ctx: ${ctx}, event: ChardevEvent): void;` };
    case 'timer':
      return { doc: doc(`Expiry of ${h.what ?? 'a timer'}; \`index\` is the element (0 outside struct arrays)`), decl: `${h.name}(ctx: ${ctx}, index: number): void;` };
    case 'vmstate':
      if (h.which === 'preSave') return { doc: doc('VMState pre-save: bring the state record up to date before it is sent'), decl: `${h.name}(ctx: ${ctx}): void;` };
      if (h.which === 'postLoad') return { doc: doc('VMState post-load; returns an error message to reject the stream'), decl: `${h.name}(ctx: ${ctx}, versionId: number): string | undefined;` };
      if (h.which === 'validate') return { doc: doc(`VMState ${h.what ?? 'check'}; returns an error message to reject the stream`), decl: `${h.name}(ctx: ${ctx}, versionId: number): string | undefined;` };
      return { doc: doc(`Whether ${h.what ?? 'the subsection'} is sent`), decl: `${h.name}(ctx: ${ctx}): boolean;` };
    case 'i2c':
      // Only the listed callbacks exist; the bus gives QEMU's answers for the others.
      if (h.which === 'event') return { doc: doc('I2C bus event (start of a send or receive, finish, nack); non-zero NACKs a start'), decl: `${h.name}(ctx: ${ctx}, event: I2cEvent): number;` };
      if (h.which === 'recv') return { doc: doc('A byte the I2C master reads from this slave (0..255)'), decl: `${h.name}(ctx: ${ctx}): number;` };
      return { doc: doc('A byte the I2C master writes to this slave; returns 0 to ACK, non-zero to NACK'), decl: `${h.name}(ctx: ${ctx}, byte: number): number;` };
    case 'device':
      if (h.which === 'realize') return { doc: doc('Device realize: set up what the properties decide'), decl: `${h.name}(ctx: ${ctx}): void;` };
      if (h.which === 'pre-reset') return { doc: doc('Device reset, first phase: runs before registers and state fields take their reset values, so it still sees the old state'), decl: `${h.name}(ctx: ${ctx}): void;` };
      return { doc: doc('Device reset, after registers and state fields took their reset values'), decl: `${h.name}(ctx: ${ctx}): void;` };
  }
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
    decl: `readonly ${propertyKey(p.name)}: ${p.type === 'chardev' || p.type === 'string' ? 'string | null' : tsScalarType(p.type)};`,
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
    context.push({ doc: 'Child buses the device creates, by name.', decl: `readonly buses: { ${device.buses.map((b) => `readonly ${typeKey(b.name)}: ${b.busKind === 'pci' ? 'PciBus' : 'I2cBus'}`).join('; ')} };` });
  }
  if (device.requests.includes('system-reset')) {
    context.push({
      doc: 'Asks the machine for a system reset (QEMU qemu_system_reset_request): every device is reset once the current guest access has completed.',
      decl: 'requestSystemReset(): void;',
    });
  }
  context.push({ doc: 'Trace points.', decl: `readonly trace: ${n.type}Trace;` });
  const hooks = hookBindings(device).map((h) => hookMember(h, ctx));
  const runtimeTypes = ['DeviceContext'];
  if (outs.length > 0) runtimeTypes.push('IrqLine');
  if (device.clocks.length > 0) runtimeTypes.push('Clock');
  if (device.chardev) runtimeTypes.push('CharBackend');
  if (device.chardev?.receive) runtimeTypes.push('ChardevEvent');
  if (timerFields(device).length > 0) runtimeTypes.push('Timer');
  const allFields = [...device.state, ...device.structs.flatMap((st) => st.fields)];
  if (allFields.some((f) => f.type === 'bitbang-i2c')) runtimeTypes.push('BitbangI2cEngine');
  if (device.bus === 'i2c') runtimeTypes.push('I2cSlaveState');
  if (device.i2c?.hooks.includes('event')) runtimeTypes.push('I2cEvent');
  if (device.buses.some((b) => b.busKind === 'i2c')) runtimeTypes.push('I2cBus');
  if (device.buses.some((b) => b.busKind === 'pci')) runtimeTypes.push('PciBus');
  const defRef = (span: { file: string; line: number } | undefined, what: string): string =>
    span ? commentText(`${device.defFile}:${span.line}`) : `${commentText(device.defFile)}, \`${what}\``;
  return {
    banner: bannerText('hooks', device.defFile),
    imports: [{ typeOnly: true, names: runtimeTypes.sort().join(', '), from: moduleSpecifier(RUNTIME_IMPORT) }],
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
      ? `Behaviour the hand-written ${device.name} code supplies (${commentText(device.behaviorFile)}).`
      : `Behaviour hand-written ${device.name} code supplies.`,
    hooks,
  };
}
