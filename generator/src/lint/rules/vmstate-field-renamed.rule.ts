/** vmstate-field-renamed: a field renamed at the same place with the same size (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** Field names are not on the wire, so the stream still loads: a warning to check the meaning, never a version bump (which would refuse old streams for nothing). */
export const vmstateFieldRenamed = createBaselineRule('vmstate-field-renamed');
