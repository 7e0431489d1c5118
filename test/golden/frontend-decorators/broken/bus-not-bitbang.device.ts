// bus-not-bitbang: `bus` on a state field that is not a bitbang-i2c engine.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Bus, Device, Region, Register, State, Struct, Vmstate, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Bus({ name: 'i2c', kind: 'i2c' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW', storage: 'ctrl' })
  static A: Decl;

  @State({ type: 'u32', bus: 'i2c' })
  static ctrl: Decl;
}
