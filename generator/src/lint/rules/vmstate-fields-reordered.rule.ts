/** vmstate-fields-reordered: fields of a description that changed order (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** The stream has no field names to sort by: values land in the wrong fields. */
export const vmstateFieldsReordered = createBaselineRule('vmstate-fields-reordered');
