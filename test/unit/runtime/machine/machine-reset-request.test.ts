/**
 * A device that declares `requests: [system-reset]` asks its machine for a system reset through
 * `ctx.requestSystemReset()`; the machine runs it between accesses (never inside the one that
 * asked), once however often it was asked, and the qtest server runs it before the next command.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceContext, DeviceTypeInfo, MachineRequestKind } from '../../../../runtime/src/codegen/v1/index.ts';
import { Machine, QtestSession, defineDevice, qtestTargetFromMachine } from '../../../../runtime/src/codegen/v1/index.ts';
import { createGuestLog } from '../../../../runtime/src/log/index.ts';

interface KickState {
  count: number;
  kept: number;
}
type KickContext = DeviceContext<KickState, Record<string, never>> & { requestSystemReset(): void };
interface KickHooks {
  gpioInKick(ctx: KickContext, n: number, level: number): void;
  reset(ctx: KickContext): void;
}

/** A device whose input 0 counts sets and asks for a reset on a non-zero level. */
function kickType(name: string, requests: readonly MachineRequestKind[] | undefined): DeviceTypeInfo<KickState, KickContext, KickHooks> {
  return {
    name,
    parent: 'device',
    description: 'reset requester',
    source: 'test',
    properties: [],
    gpios: [{ name: 'kick', direction: 'in', count: 1, sysbus: false, qemuUnnamed: true, lines: [], hook: 'gpioInKick' }],
    clocks: [],
    chardev: undefined,
    traceEvents: [],
    createState: () => ({ count: 0, kept: 0 }),
    resetState: (s) => {
      s.count = 0;
    },
    mmio: [],
    vmstate: undefined,
    deviceHooks: { reset: 'reset' },
    hooks: [
      { name: 'gpioInKick', kind: 'gpio-in', source: 'test:1' },
      { name: 'reset', kind: 'device', source: 'test:2' },
    ],
    bus: 'none',
    ...(requests !== undefined ? { requests } : {}),
  };
}

const resets: string[] = [];
const hooks: KickHooks = {
  gpioInKick(ctx, _n, level) {
    ctx.state.count++;
    ctx.state.kept++;
    if (level !== 0) ctx.requestSystemReset();
    // Still inside the access: nothing is reset yet.
    ctx.state.count += 100;
  },
  reset(ctx) {
    resets.push(ctx.path);
  },
};

function machineWith(requests: readonly MachineRequestKind[] | undefined, log = createGuestLog()): Machine {
  const m = new Machine({ types: [defineDevice(kickType('kick', requests), hooks)], log });
  m.createDevice('kick');
  return m;
}

describe('machine reset requests', () => {
  it('a declared request resets every device between accesses, once however often asked', () => {
    resets.length = 0;
    const m = machineWith(['system-reset']);
    const dev = m.devices[0]!;
    const state = dev.context.state as KickState;
    resets.length = 0;
    dev.gpioIn('kick', 0).set(1);
    dev.gpioIn('kick', 0).set(5);
    expect(state.count).toBe(202);
    expect(m.resetRequested).toBe(true);
    expect(m.runPendingRequests()).toBe(true);
    expect(resets).toEqual(['/machine/unattached/device[0]']);
    expect(state.count).toBe(0);
    expect(state.kept).toBe(2);
    expect(m.runPendingRequests()).toBe(false);
    expect(resets).toHaveLength(1);
  });

  it('without the declaration the call is logged as unimplemented and resets nothing', () => {
    const log = createGuestLog();
    const m = machineWith(undefined, log);
    const dev = m.devices[0]!;
    dev.gpioIn('kick', 0).set(1);
    expect(m.resetRequested).toBe(false);
    expect(m.runPendingRequests()).toBe(false);
    expect(log.entries().some((e) => e.kind === 'unimp' && e.message.includes('system reset requested'))).toBe(true);
  });

  it('the qtest server runs a requested reset before the next command', () => {
    const m = machineWith(['system-reset']);
    const state = m.devices[0]!.context.state as KickState;
    const s = new QtestSession(qtestTargetFromMachine(m));
    expect(s.command('set_irq_in /machine/unattached/device[0] unnamed-gpio-in 0 1')).toEqual(['OK']);
    expect(state.count).toBe(101);
    expect(s.command('endianness')).toEqual(['OK little']);
    expect(state.count).toBe(0);
    expect(m.resetRequested).toBe(false);
  });
});
