// decorator-origin: a `Device` declared in the file is not devgen's.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Region, Register, type Decl } from 'devgen/define';

function Device(options: object): ClassDecorator {
  return () => void options;
}

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;
}
