// decorator-unknown: a class decorator that is not part of the API (typo).
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
@Regoin({ name: 'other', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
