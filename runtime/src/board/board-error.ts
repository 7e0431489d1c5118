/**
 * The one error the board interpreter throws of its own: a descriptor that does not fit the parts
 * it builds (stale or hand-edited; generated descriptors are checked by the generator). It is a
 * {@link QomError}, so the CLI prints its message alone.
 */
import { QomError } from '../qom/index.ts';
import type { MachineDescriptor } from './machine-descriptor.ts';

/** A `bad-board` QomError naming the machine and its definition. */
export function boardError(desc: MachineDescriptor, detail: string): QomError {
  return new QomError('bad-board', `machine '${desc.name}' (${desc.source}): ${detail}`);
}
