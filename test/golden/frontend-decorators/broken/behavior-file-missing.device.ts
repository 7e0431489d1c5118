// behavior-file-missing: `behavior` names a file that does not exist beside the definition.
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { Device, Region, Register, type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.', behavior: 't.behavior.ts' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW', hooks: ['read', 'write'] })
  static A: Decl;
}
