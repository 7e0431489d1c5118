/**
 * A small IR walker with enter/exit listeners per node kind (SystemRDL listener style).
 * Several listeners can share one walk (the lint runner passes one per rule); each keeps its
 * own 'skip'/'stop' state, so one rule skipping a subtree does not hide it from the others.
 */
import type {
  ChardevIR, ClockIR, DeviceIR, EnumValueIR, FieldIR, GpioIR, PropertyIR, RegionIR, RegisterIR, StateFieldIR,
  TraceEventIR, VmFieldIR, VmStateIR, VmSubsectionIR,
} from './ir.ts';

/** Every IR node the walker visits. */
export type IrNode =
  | DeviceIR | RegionIR | RegisterIR | FieldIR | EnumValueIR | PropertyIR | GpioIR | ClockIR | ChardevIR
  | TraceEventIR | StateFieldIR | VmStateIR | VmSubsectionIR | VmFieldIR;

/** Returned from an enter listener: 'skip' skips the node's children (for that listener), 'stop' ends its walk. */
export type WalkAction = void | 'skip' | 'stop';

/** Ancestors of the visited node, outermost first (the device is always first). */
export type WalkPath = readonly IrNode[];

type Enter<N> = (node: N, path: WalkPath) => WalkAction;
type Exit<N> = (node: N, path: WalkPath) => void;

/** Listeners; every one is optional. */
export interface IrListener {
  enterDevice?: Enter<DeviceIR>; exitDevice?: Exit<DeviceIR>;
  enterRegion?: Enter<RegionIR>; exitRegion?: Exit<RegionIR>;
  enterRegister?: Enter<RegisterIR>; exitRegister?: Exit<RegisterIR>;
  enterField?: Enter<FieldIR>; exitField?: Exit<FieldIR>;
  enterEnumValue?: Enter<EnumValueIR>; exitEnumValue?: Exit<EnumValueIR>;
  enterProperty?: Enter<PropertyIR>; exitProperty?: Exit<PropertyIR>;
  enterGpio?: Enter<GpioIR>; exitGpio?: Exit<GpioIR>;
  enterClock?: Enter<ClockIR>; exitClock?: Exit<ClockIR>;
  enterChardev?: Enter<ChardevIR>; exitChardev?: Exit<ChardevIR>;
  enterTraceEvent?: Enter<TraceEventIR>; exitTraceEvent?: Exit<TraceEventIR>;
  enterStateField?: Enter<StateFieldIR>; exitStateField?: Exit<StateFieldIR>;
  enterVmState?: Enter<VmStateIR>; exitVmState?: Exit<VmStateIR>;
  enterVmSubsection?: Enter<VmSubsectionIR>; exitVmSubsection?: Exit<VmSubsectionIR>;
  enterVmField?: Enter<VmFieldIR>; exitVmField?: Exit<VmFieldIR>;
}

const SUFFIX: Readonly<Record<IrNode['kind'], string>> = {
  device: 'Device', region: 'Region', register: 'Register', field: 'Field', 'enum-value': 'EnumValue',
  property: 'Property', gpio: 'Gpio', clock: 'Clock', chardev: 'Chardev', 'trace-event': 'TraceEvent',
  'state-field': 'StateField', vmstate: 'VmState', vmsubsection: 'VmSubsection', vmfield: 'VmField',
};

/** Children of a node, in definition order. */
export function childrenOf(node: IrNode): readonly IrNode[] {
  switch (node.kind) {
    case 'device': {
      const out: IrNode[] = [...node.regions, ...node.registers, ...node.properties, ...node.gpios, ...node.clocks];
      if (node.chardev) out.push(node.chardev);
      out.push(...node.traceEvents, ...node.state);
      if (node.vmstate) out.push(node.vmstate);
      return out;
    }
    case 'register': return node.fields;
    case 'field': return node.enums;
    case 'vmstate': return [...node.fields, ...node.subsections];
    case 'vmsubsection': return node.fields;
    default: return [];
  }
}

interface ListenerState {
  readonly l: IrListener;
  stopped: boolean;
  /** Node whose subtree this listener skips. */
  skipping: IrNode | undefined;
}

/** Listener method names by node kind (spelled once: a walk visits tens of thousands of nodes). */
const ENTER = Object.fromEntries(Object.entries(SUFFIX).map(([k, v]) => [k, `enter${v}`])) as Readonly<Record<IrNode['kind'], string>>;
const EXIT = Object.fromEntries(Object.entries(SUFFIX).map(([k, v]) => [k, `exit${v}`])) as Readonly<Record<IrNode['kind'], string>>;

/** Walks `device` depth-first, calling every listener's enter/exit for each node. */
export function walkDevice(device: DeviceIR, ...listeners: IrListener[]): void {
  const states: ListenerState[] = listeners.map((l) => ({ l, stopped: false, skipping: undefined }));
  const path: IrNode[] = [];
  const visit = (node: IrNode): void => {
    const enter = ENTER[node.kind];
    for (const s of states) {
      if (s.stopped || s.skipping) continue;
      const fn = (s.l as Record<string, Enter<IrNode> | undefined>)[enter];
      const action = fn?.call(s.l, node, path);
      if (action === 'stop') s.stopped = true;
      else if (action === 'skip') s.skipping = node;
    }
    if (states.some((s) => !s.stopped && !s.skipping)) {
      path.push(node);
      for (const child of childrenOf(node)) visit(child);
      path.pop();
    }
    const exit = EXIT[node.kind];
    for (const s of states) {
      if (s.stopped) continue;
      if (s.skipping === node) s.skipping = undefined;
      else if (s.skipping) continue;
      const fn = (s.l as Record<string, Exit<IrNode> | undefined>)[exit];
      fn?.call(s.l, node, path);
    }
  };
  visit(device);
}
