/**
 * How many state records a register block's reset covers: its `count` addressable elements, or
 * — with `reset-unaddressed: true` — every record of its struct-array state field (QEMU's hpet
 * resets all `num_timers` timers, up to 32, though only 24 timer blocks decode). Either way only
 * records below the block's limit are reset at run time. The TypeScript and C emitters both ask
 * here, so the two resets agree.
 */
import type { DeviceIR, RegisterBlockIR } from './ir.ts';

/** Records of `block`'s state the reset may cover (before the limit applies). */
export function resetRecords(device: Pick<DeviceIR, 'state'>, block: Pick<RegisterBlockIR, 'count' | 'state' | 'resetUnaddressed'>): number {
  if (!block.resetUnaddressed || block.state === undefined) return block.count;
  const field = device.state.find((f) => f.name === block.state);
  return Math.max(block.count, field?.length ?? block.count);
}
