/** vmstate-field-removed: a field of the baseline that the definition no longer migrates (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** Old sources still send its bytes, and the destination reads them as the fields that follow. */
export const vmstateFieldRemoved = createBaselineRule('vmstate-field-removed');
