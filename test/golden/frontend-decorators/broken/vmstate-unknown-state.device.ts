// vmstate-unknown-state: a migrated field that is not a state field.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
@Vmstate({ name: 't', version: 1, fields: [{ field: 'nosuch' }] })
export class T {
  @Register({ offset: 0, access: 'RW', storage: 'a' })
  static A: Decl;

  @State({ type: 'u32' })
  static a: Decl;
}
