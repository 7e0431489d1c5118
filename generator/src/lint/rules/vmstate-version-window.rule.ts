/** vmstate-version-window: a section or subsection that no longer accepts the version old sources write (compared with the vmstate baseline). */
import { createBaselineRule } from '../vmstate-facts.ts';

/** QEMU refuses a stream whose version is above version_id or below minimum_version_id. */
export const vmstateVersionWindow = createBaselineRule('vmstate-version-window');
