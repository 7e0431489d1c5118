// decorator-target: devgen decorators on a second class, a parameter and a function next to the device class.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Device, Gpio, Region, Register, State, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;

  mmioRead(@Gpio({ name: 'irq', direction: 'out' }) offset: number): number {
    return offset;
  }
}

@Region({ name: 'other', size: 0x100 })
@Gpio({ name: 'irq2', direction: 'out' })
function helper(): void {}

class Other {
  @State({ type: 'u32' })
  static s: Decl;
}
