/** vmstate-subsection-removed: a subsection of the baseline that the definition dropped (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** QEMU fails the load when a stream carries a subsection the destination does not know. */
export const vmstateSubsectionRemoved = createBaselineRule('vmstate-subsection-removed');
