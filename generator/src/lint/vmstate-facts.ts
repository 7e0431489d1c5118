/** Facts about a device's vmstate shared by the migration lint rules. */
import type { VmFieldIR, VmStateIR } from '../ir/ir.ts';

/** Every vmstate field with the name of the section (main or subsection) it is in, in stream order. */
export function vmFieldsWithSection(vm: VmStateIR): { field: VmFieldIR; section: string }[] {
  return [
    ...vm.fields.map((field) => ({ field, section: vm.name })),
    ...vm.subsections.flatMap((s) => s.fields.map((field) => ({ field, section: s.name }))),
  ];
}

/** Names of the state fields some vmstate field carries. */
export function migratedState(vm: VmStateIR): Set<string> {
  const out = new Set<string>();
  for (const { field } of vmFieldsWithSection(vm)) if (field.source.kind === 'state') out.add(field.source.field);
  return out;
}
