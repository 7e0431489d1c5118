/**
 * How QEMU dumps the shared descriptions that devgen devices embed and the runtime implements
 * (runtime/src/migration/clock.vmstate.ts, i2c-slave.vmstate.ts): the compiler needs their
 * shape to project a definition into a `-dump-vmstate` entry without loading the runtime.
 * Both are QEMU's own: hw/core/clock-vmstate.c's "clock" (a u64 period, then multiplier and
 * divider in "clock/muldiv") and hw/i2c/core.c's "I2CSlave" (the u8 bus address). The
 * runtime's unit tests dump the runtime's descriptions and require these exact values.
 */
import type { VmStateDumpDescription, VmStateDumpField } from './vmstate-dump.ts';

/** A scalar field present in every version, as QEMU dumps it. */
function scalar(field: string, size: number): VmStateDumpField {
  return { field, version_id: 0, field_exists: false, size };
}

/** QEMU's "clock" description (VMSTATE_CLOCK). */
const CLOCK: VmStateDumpDescription = {
  name: 'clock',
  version_id: 0,
  minimum_version_id: 0,
  Fields: [scalar('period', 8)],
  Subsections: [{ name: 'clock/muldiv', version_id: 1, minimum_version_id: 1, Fields: [scalar('multiplier', 4), scalar('divider', 4)] }],
};

/** QEMU's "I2CSlave" description (VMSTATE_I2C_SLAVE). */
const I2C_SLAVE: VmStateDumpDescription = {
  name: 'I2CSlave',
  version_id: 1,
  minimum_version_id: 1,
  Fields: [scalar('address', 1)],
};

/** The runtime-provided descriptions as dumped, by the description name definitions use. */
export const RUNTIME_VMSTATE_DUMPS: Readonly<Record<'clock' | 'I2CSlave', VmStateDumpDescription>> = {
  clock: CLOCK,
  I2CSlave: I2C_SLAVE,
};
