/** vmstate-section-removed: a device type of the baseline that no longer has a vmstate (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** Migrating from a source that has its section fails on the unknown section. */
export const vmstateSectionRemoved = createBaselineRule('vmstate-section-removed');
