/** vmstate-field-version-raised: a field whose `since` rose above the version old sources write (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** Old streams carry the field, but the destination now skips it when loading them and misreads what follows. */
export const vmstateFieldVersionRaised = createBaselineRule('vmstate-field-version-raised');
