/** vmstate-field-replaced: a field replaced by one with another name and size (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** The bytes an old source sends for the old field no longer fit the new one. */
export const vmstateFieldReplaced = createBaselineRule('vmstate-field-replaced');
