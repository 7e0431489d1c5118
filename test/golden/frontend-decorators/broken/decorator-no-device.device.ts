// decorator-no-device: a file without a class decorated with @Device.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Block, Chardev, Device, Field, Property, Region, Register, State, Vmstate, VmSubsection, type Decl } from 'devgen/define';

export class T {
  @Register({ offset: 0 })
  static A: Decl;
}
