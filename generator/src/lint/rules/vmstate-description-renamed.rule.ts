/** vmstate-description-renamed: the vmstate name changed since the baseline (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** Streams identify a section by this name: the destination looks for the old one and finds nothing. */
export const vmstateDescriptionRenamed = createBaselineRule('vmstate-description-renamed');
