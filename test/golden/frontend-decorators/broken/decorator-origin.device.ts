// decorator-origin: a `Device` imported from another module is not devgen's, whatever its name.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Region, Register, type Decl } from 'devgen/define';
import { Device } from './my-decorators.ts';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
