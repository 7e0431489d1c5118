/** vmstate-field-type-changed: a field that became a struct, or stopped being one (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** A struct carries its own fields and subsections on the wire; a plain value does not. */
export const vmstateFieldTypeChanged = createBaselineRule('vmstate-field-type-changed');
