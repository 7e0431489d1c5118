// unknown-key: a `__proto__` key is an unknown key named `__proto__`, in options and nested literals alike.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Device, Region, Register, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.', __proto__: { name: 'u' } })
@Region({ name: 'mmio', size: 0x100, '__proto__': 1 })
export class T {
  @Register({ offset: 0, access: 'RW', fields: [{ name: 'X', bits: 0, access: 'RW', __proto__: 2 }] })
  static A: Decl;
}
