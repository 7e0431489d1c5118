/**
 * Hook binding: once per device class, the behaviour object is checked against the hook list
 * of the generated type (`DeviceTypeInfo.hooks`) and its methods are bound to every place that
 * names one — register tables, the VMState description, GPIO inputs, chardev input, I2C,
 * device lifecycle and timers. The runtime derives no hook names: they all come from the
 * generated type, which takes them from the generator's names module.
 *
 * Why at class definition: a hook missing from the behaviour is a definition bug; reporting it
 * when the class is defined (every missing hook at once, with its purpose and definition line)
 * beats a failure at the first access that needs it.
 */
import type { DeviceContext, Timer } from '../contract/context.ts';
import type {
  DeviceTypeInfo,
  HookInfo,
  HookKind,
  VmField,
  VmStateDescription,
  VmStateDescriptor,
  VmSubsection,
  VmSubsectionDescriptor,
} from '../contract/types.ts';
import type { PropertyValue } from '../qom/property-parse.ts';
import { layoutMmioTable, type HookFn, type RegisterLayout } from './register-layout.ts';

/** The erased context type the runtime handles (generated code narrows it). */
export type AnyDeviceContext = DeviceContext<unknown, Record<string, PropertyValue>>;
/** The erased type description the runtime handles. */
export type AnyDeviceTypeInfo = DeviceTypeInfo<unknown, AnyDeviceContext, unknown>;

/** A device type with its behaviour bound: what every instance of the class shares. */
export interface BoundDevice {
  readonly info: AnyDeviceTypeInfo;
  /** The behaviour object; every hook is called with it as `this`. */
  readonly self: unknown;
  /** The function of hook `name` (one the type lists; anything else is an internal error). */
  hook(name: string): HookFn;
  /** MMIO tables expanded and bound, in sysbus MMIO index order. */
  readonly layouts: readonly RegisterLayout<AnyDeviceContext>[];
  /** The migration description with its hooks bound, if the type migrates. */
  readonly vmstate: VmStateDescription<AnyDeviceContext> | undefined;
}

/** How each hook kind is described in the missing-hooks message. */
const KIND_LABEL: Readonly<Record<HookKind, string>> = {
  'register-read': 'register read hook',
  'register-write': 'register write hook',
  'register-post-write': 'register post-write hook',
  'region-post-write': 'region post-write hook',
  device: 'device hook',
  'gpio-in': 'GPIO input hook',
  chardev: 'chardev hook',
  timer: 'timer callback',
  i2c: 'I2C hook',
  vmstate: 'vmstate hook',
};

/** One place of the type that names a hook. */
interface HookSite {
  readonly name: string;
  readonly where: string;
}

const idleTimer: Timer = { modNs() {}, del() {}, expireNs: -1n, pending: false };

/** Every place of `info` that names a hook (timer callbacks and engine buses found by building a state record). */
function hookSites(info: AnyDeviceTypeInfo, problems: string[]): HookSite[] {
  const sites: HookSite[] = [];
  const add = (name: string | undefined, where: string): void => {
    if (name !== undefined) sites.push({ name, where });
  };
  info.mmio.forEach((t) => {
    const register = (r: (typeof t.registers)[number], label: string): void => {
      add(r.hooks?.read, `register ${label} read`);
      add(r.hooks?.write, `register ${label} write`);
      add(r.hooks?.postWrite, `register ${label} post-write`);
    };
    for (const r of t.registers) register(r, r.name);
    for (const b of t.blocks ?? []) for (const r of b.registers) register(r, `${b.name}.${r.name}`);
    add(t.hooks?.postWrite, `region ${t.region.name} post-write`);
  });
  const vm = (d: VmStateDescriptor<AnyDeviceContext, unknown>): void => {
    add(d.preSave, `vmstate ${d.name} pre-save`);
    add(d.preLoad, `vmstate ${d.name} pre-load`);
    add(d.postLoad, `vmstate ${d.name} post-load`);
    for (const f of d.fields) if (f.kind === 'validate') add(f.check, `vmstate ${d.name} check ${f.name}`);
    for (const s of d.subsections) {
      if (typeof s.needed !== 'function') add(s.needed.hook, `vmstate ${s.name} needed`);
      vm(s);
    }
  };
  if (info.vmstate !== undefined) vm(info.vmstate);
  for (const g of info.gpios) {
    if (g.direction !== 'in') continue;
    if (g.hook === undefined) problems.push(`GPIO input group ${g.name} names no hook`);
    add(g.hook, `GPIO input group ${g.name}`);
  }
  const ch = info.chardev?.hooks;
  if (ch !== undefined) {
    add(ch.canReceive, 'chardev can-receive');
    add(ch.receive, 'chardev receive');
    add(ch.event, 'chardev event');
  }
  add(info.i2c?.event, 'I2C event');
  add(info.i2c?.recv, 'I2C recv');
  add(info.i2c?.send, 'I2C send');
  add(info.deviceHooks.realize, 'device realize');
  add(info.deviceHooks.preReset, 'device pre-reset');
  add(info.deviceHooks.reset, 'device reset');
  const buses = new Set((info.buses ?? []).map((b) => b.name));
  info.createState({
    timer: (callback, index) => {
      add(callback, `timer ${index}`);
      return idleTimer;
    },
    bitbangI2c: (bus) => {
      if (!buses.has(bus)) problems.push(`a bitbang-i2c engine drives bus '${bus}', which the type does not declare`);
      return { set: () => 1 };
    },
  });
  return sites;
}

/** Binds a generated VMState descriptor's named hooks to their functions. */
function bindVmState(d: VmStateDescriptor<AnyDeviceContext, unknown>, hook: (name: string) => HookFn, self: unknown): VmStateDescription<AnyDeviceContext> {
  const bound = (name: string | undefined) => (name === undefined ? undefined : hook(name));
  const preSave = bound(d.preSave);
  const preLoad = bound(d.preLoad);
  const postLoad = bound(d.postLoad);
  const fields = d.fields.map((f): VmField<AnyDeviceContext> => {
    if (f.kind !== 'validate') return f;
    const check = hook(f.check);
    return { kind: 'validate', name: f.name, since: f.since, check: (c, v) => check.call(self, c, v) as string | undefined };
  });
  const subsections = d.subsections.map((s: VmSubsectionDescriptor<AnyDeviceContext, unknown>): VmSubsection<AnyDeviceContext> => {
    const inner = bindVmState(s, hook, self);
    if (typeof s.needed === 'function') return { ...inner, needed: s.needed };
    const needed = hook(s.needed.hook);
    return { ...inner, needed: (c) => Boolean(needed.call(self, c)) };
  });
  return {
    name: d.name,
    version: d.version,
    minimumVersion: d.minimumVersion,
    fields,
    subsections,
    ...(preSave === undefined ? {} : { preSave: (c: AnyDeviceContext) => void preSave.call(self, c) }),
    ...(preLoad === undefined ? {} : { preLoad: (c: AnyDeviceContext) => void preLoad.call(self, c) }),
    ...(postLoad === undefined ? {} : { postLoad: (c: AnyDeviceContext, v: number) => postLoad.call(self, c, v) as string | undefined }),
  };
}

const describeMissing = (h: HookInfo): string => `${h.name} (${KIND_LABEL[h.kind]}, ${h.source})`;

/**
 * Checks `hooks` against `info.hooks` and binds it. Throws one Error naming every hook the
 * behaviour lacks, with its kind and definition line; throws an internal error when a place
 * of the type names a hook the type does not list (a generator bug).
 */
export function bindDevice(info: AnyDeviceTypeInfo, hooks: unknown): BoundDevice {
  const head = `device '${info.name}' (${info.source})`;
  const problems: string[] = [];
  const listed = new Set(info.hooks.map((h) => h.name));
  for (const s of hookSites(info, problems)) {
    if (!listed.has(s.name)) problems.push(`${s.where} names hook '${s.name}', which the type's hook list lacks`);
  }
  if (problems.length > 0) throw new Error(`${head}: internal error: ${[...new Set(problems)].join('; ')}`);

  const record = (typeof hooks === 'object' && hooks !== null ? hooks : {}) as Record<string, unknown>;
  const missing = info.hooks.filter((h) => typeof record[h.name] !== 'function');
  if (missing.length > 0) throw new Error(`${head}: hooks missing: ${missing.map(describeMissing).join(', ')}`);

  const fns = new Map<string, HookFn>(info.hooks.map((h) => [h.name, record[h.name] as HookFn]));
  const hook = (name: string): HookFn => {
    const fn = fns.get(name);
    if (fn === undefined) throw new Error(`${head}: internal error: hook '${name}' is not in the type's hook list`);
    return fn;
  };
  return {
    info,
    self: hooks,
    hook,
    layouts: info.mmio.map((t) => layoutMmioTable(t, hooks, (name) => hook(name))),
    vmstate: info.vmstate === undefined ? undefined : bindVmState(info.vmstate, hook, hooks),
  };
}
