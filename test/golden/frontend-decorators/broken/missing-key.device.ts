// missing-key: a region without its size.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device' })
@Region({ name: 'mmio' })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
