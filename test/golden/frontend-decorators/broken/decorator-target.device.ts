// decorator-target: decorators on a function declaration, and a nested decorated class that must not become the device.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Device, Gpio, I2c, State, type Decl } from 'devgen/define';

@Device({ name: 'pcf8574', parent: 'i2c-slave', description: 'Expander.' })
@I2c({ hooks: ['recv', 'send'] })
function pcf8574() {
  @Device({ name: 'evil', parent: 'sys-bus-device', description: 'Not the device.' })
  class Inner {}
  return Inner;
}

export class Pcf8574 {
  @State({ type: 'u8', reset: 0xff })
  static input: Decl;
}
