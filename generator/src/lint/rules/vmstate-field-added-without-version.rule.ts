/**
 * vmstate-field-added-without-version: compared with the committed vmstate baseline, a field
 * added to an existing section must come with a version bump and `since`, or live in a new
 * subsection; otherwise an old source's stream is misread (QEMU's static checker sees this as
 * a field mismatch). Silent without a baseline, or for devices the baseline does not know.
 */
import { createRule } from '../rule.ts';
import { q } from '../../diagnostics/diagnostic.ts';
import type { VmFieldIR } from '../../ir/ir.ts';
import type { VmStateDumpDescription } from '../../../../runtime/src/migration/dump.ts';

/** Checks `fields` of section `name` (versions `version`) against the baseline description. */
function checkSection(
  report: (f: VmFieldIR, section: string, baseline: number, fix: string) => void,
  name: string, version: number, fields: readonly VmFieldIR[], base: VmStateDumpDescription,
): void {
  // Count names: `unused` padding repeats, and a second field of the same name is new too.
  const remaining = new Map<string, number>();
  for (const f of base.Fields ?? []) remaining.set(f.field, (remaining.get(f.field) ?? 0) + 1);
  for (const f of fields) {
    // A validation step (QEMU VMSTATE_VALIDATE) puts no bytes on the wire.
    if (f.source.kind === 'validate') continue;
    const left = remaining.get(f.name) ?? 0;
    if (left > 0) {
      remaining.set(f.name, left - 1);
      continue;
    }
    const old = base.version_id;
    if (version > old && f.since > old) continue;
    const fix = version <= old
      ? `bump ${q(name)} to version ${old + 1} and add the field with \`since: ${old + 1}\`, or move it into a new subsection`
      : `set \`since: ${version}\` on it (the section is now at version ${version}), or move it into a new subsection`;
    report(f, name, old, fix);
  }
}

/** Compares the main section and every subsection the baseline already had. */
export const vmstateFieldAddedWithoutVersion = createRule({
  id: 'vmstate-field-added-without-version',
  create: (ctx) => ({
    enterVmState(vm) {
      const base = ctx.baseline?.Description;
      if (!base) return 'skip';
      const report = (f: VmFieldIR, section: string, baseline: number, fix: string): void =>
        ctx.report(f.span, { name: q(f.name), section: q(section), baseline, fix });
      checkSection(report, vm.name, vm.version, vm.fields, base);
      for (const sub of vm.subsections) {
        const old = base.Subsections?.find((s) => s.name === sub.name);
        if (old) checkSection(report, sub.name, sub.version, sub.fields, old);
      }
      return 'skip';
    },
  }),
});
