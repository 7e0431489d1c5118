/**
 * The runtime's built-in "I2CSlave" VMState description, wire-compatible with QEMU's
 * hw/i2c/core.c vmstate_i2c_slave: version 1, one u8 `address`. QEMU I2C devices embed it as
 * a struct field (VMSTATE_I2C_SLAVE, field name "i2c", C size 160 on x86-64/arm hosts).
 */
import type { I2cSlaveState } from '../contract/context.ts';
import type { VmStateDescription } from '../contract/types.ts';

const i2cSlave: VmStateDescription<I2cSlaveState> = {
  name: 'I2CSlave',
  version: 1,
  minimumVersion: 1,
  fields: [
    {
      kind: 'scalar', name: 'address', type: 'u8', since: 0,
      get: (s) => s.address,
      set: (s, v) => { s.address = Number(v) & 0xff; },
    },
  ],
  subsections: [],
};

/**
 * VMState description of an `I2cSlaveState` (context.ts), typed with an `unknown` context so
 * generated code can use it as a struct field (`struct: vmstateI2CSlave`).
 */
export const vmstateI2CSlave: VmStateDescription<unknown> = i2cSlave as unknown as VmStateDescription<unknown>;
