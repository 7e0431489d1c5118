/** vmstate-field-added-without-version: a field new since the baseline that old streams are read as carrying (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** An old source never sends the field, so the destination reads the next bytes into it (QEMU's static checker calls this a field mismatch); a version bump with `since`, or a new subsection, keeps old streams readable. */
export const vmstateFieldAddedWithoutVersion = createBaselineRule('vmstate-field-added-without-version');
