// vmstate-not-migrated: a migrated field naming a bitbang-i2c engine (implicitly never migrated).
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Bus, Device, Region, Register, State, Struct, Vmstate, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Bus({ name: 'i2c', kind: 'i2c' })
@Region({ name: 'mmio', size: 0x100 })
@Vmstate({ name: 't', version: 1, fields: [{ field: 'ctrl' }, { field: 'bitbang' }] })
export class T {
  @Register({ offset: 0, access: 'RW', storage: 'ctrl' })
  static A: Decl;

  @State({ type: 'u32' })
  static ctrl: Decl;

  @State({ type: 'bitbang-i2c', bus: 'i2c' })
  static bitbang: Decl;
}
