// vmstate-not-migrated: a migrated field naming state declared `migrate: false`.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Bus, Device, Region, Register, State, Struct, Vmstate, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
@Vmstate({ name: 't', version: 1, fields: [{ field: 'ctrl' }, { field: 'shadow' }] })
export class T {
  @Register({ offset: 0, access: 'RW', storage: 'ctrl' })
  static A: Decl;

  @State({ type: 'u32' })
  static ctrl: Decl;

  @State({ type: 'u32', migrate: false, description: 'Host-side cache, rebuilt on demand.' })
  static shadow: Decl;
}
