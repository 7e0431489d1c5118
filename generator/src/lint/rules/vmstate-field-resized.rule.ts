/** vmstate-field-resized: a field whose size or element count changed (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** The stream has no lengths, only bytes in order: every field after it is misread. */
export const vmstateFieldResized = createBaselineRule('vmstate-field-resized');
