/**
 * The C names the qemu-c emitter derives for a device with a `qemu:` section, checked before
 * anything is emitted: two definition elements giving one member of the state struct (a state
 * field `chr` and the character back end; property `foo-bar` and state `foo_bar`) are a
 * `name-clash` at the second, and a member that is a C keyword is `qemu-c-keyword`.
 */
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { cStateMembers, isCKeyword } from '../names/qemu-c-names.ts';

/** Reports clashing and keyword members of the generated state struct. */
export function checkQemuNames(device: DeviceIR, sink: DiagnosticSink): void {
  if (device.qemu === undefined) return;
  const seen = new Map<string, { what: string; name: string; line: number }>();
  for (const m of cStateMembers(device as DeviceIR & { qemu: NonNullable<DeviceIR['qemu']> })) {
    if (isCKeyword(m.member)) sink.report('qemu-c-keyword', m.span, { what: m.what, name: q(m.name), ident: q(m.member) });
    const prev = seen.get(m.member);
    if (prev !== undefined) {
      sink.report('name-clash', m.span, { what: m.what, name: q(m.name), ident: q(m.member), other: `${prev.what} ${q(prev.name)}`, line: prev.line });
      continue;
    }
    seen.set(m.member, { what: m.what, name: m.name, line: m.span.line });
  }
}
