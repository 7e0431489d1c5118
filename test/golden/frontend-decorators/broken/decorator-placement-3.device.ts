// decorator-placement: @VmSubsection without @Vmstate above it.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
@VmSubsection({ name: 't/x', version: 1, needed: { nonzero: 'x' }, fields: [] })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
