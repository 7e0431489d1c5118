/**
 * What a device variant changes, as every emitter needs it: for each register the variant
 * names, its values per element (one value written for an array register applies to every
 * element, as a register's own `reset:` does), and the device as the variant sees it — the same
 * IR with those registers' reset values replaced. Registers a variant can change are the
 * constant ones (sema/check-variants.ts): no storage, no read hook, no computed reset, not in a
 * block, so a reset value is what a read answers.
 */
import type { DeviceIR, RegisterIR, VariantIR } from './ir.ts';

/** Whether a variant may give `reg` its own values: a read answers its reset value and nothing else. */
export function isVariantConstant(reg: RegisterIR): boolean {
  return reg.storage === undefined && !reg.hooks.includes('read') && reg.resetExpr === undefined;
}

/** The registers `variant` changes with their values per element (unknown registers left out). */
export function variantRegisters(device: Pick<DeviceIR, 'registers'>, variant: VariantIR): { register: RegisterIR; values: bigint[] }[] {
  return variant.resets.flatMap((r) => {
    const register = device.registers.find((x) => x.name === r.register);
    if (register === undefined) return [];
    const count = register.array?.count ?? 1;
    const values = r.list ? [...r.values] : Array.from({ length: count }, () => r.values[0] ?? 0n);
    return [{ register, values }];
  });
}

/** `device` as `variant` answers: the variant's name and description, its registers' values as reset values. */
export function deviceAsVariant(device: DeviceIR, variant: VariantIR): DeviceIR {
  const changed = new Map(variantRegisters(device, variant).map((x) => [x.register.name, x.values]));
  return {
    ...device,
    name: variant.name,
    description: variant.description,
    registers: device.registers.map((r) => (changed.has(r.name) ? { ...r, resets: changed.get(r.name)! } : r)),
    variants: [],
    span: variant.span,
  };
}
