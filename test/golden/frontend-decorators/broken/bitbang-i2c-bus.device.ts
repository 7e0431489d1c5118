// bitbang-i2c-bus: a bitbang-i2c engine whose `bus` names no @Bus of the device.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Bus, Device, Region, Register, State, Struct, Vmstate, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Bus({ name: 'i2c', kind: 'i2c' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW', hooks: ['read', 'write'] })
  static A: Decl;

  @State({ type: 'bitbang-i2c', bus: 'i2c0' })
  static bitbang: Decl;
}
