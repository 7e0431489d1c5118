// unknown-key: a YAML-only key spelling is accepted, an unknown one is not.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', descripton: 'typo' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
