// decorator-origin: devgen's decorators used without importing them (and one from elsewhere on a member).
// @ts-nocheck -- a broken definition on purpose; the generator, not tsc, must reject it.
import { State } from './my-decorators.ts';
import { type Decl } from 'devgen/define';

@Device({ name: 't', parent: 'sys-bus-device', description: 'Test device.' })
@Region({ name: 'mmio', size: 0x100 })
export class T {
  @Register({ offset: 0, access: 'RW' })
  static A: Decl;

  @State({ type: 'u32' })
  static s: Decl;
}
