/**
 * A device variant's MMIO tables: the device's own tables with some registers' reset values
 * replaced. Generated code states a variant as the base tables and the values that differ, so
 * the descriptors exist once; the variants a definition can declare change only registers
 * outside blocks that have no storage, so a reset value is all they answer.
 */
import type { AnyRegisterDescriptor, MmioTable } from '../contract/types.ts';

/** Reset values per register name: one value a register, or one an element of a register array. */
export type RegisterResets = Readonly<Record<string, readonly (number | bigint)[]>>;

/** `tables` with the registers `resets` names answering the given values (other registers shared as they are). */
export function withRegisterResets<C, H>(tables: readonly MmioTable<C, H>[], resets: RegisterResets): readonly MmioTable<C, H>[] {
  const replace = (r: AnyRegisterDescriptor<C, H>): AnyRegisterDescriptor<C, H> => {
    const values = resets[r.name];
    if (values === undefined) return r;
    if (r.array !== undefined) return { ...r, reset: values[0]!, array: { ...r.array, resets: values } } as AnyRegisterDescriptor<C, H>;
    return { ...r, reset: values[0]! } as AnyRegisterDescriptor<C, H>;
  };
  return tables.map((t) => ({ ...t, registers: t.registers.map(replace) }));
}
