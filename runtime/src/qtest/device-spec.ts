/**
 * Parses a `-device` option as QEMU's QemuOpts does for `devgen qtest --device`:
 * `TYPE[,prop=value...]` where the first item without '=' is the driver (or `driver=TYPE`),
 * `,,` stands for a literal comma, and `id=ID` is the qdev id. Property values stay text; the
 * device parses them like QEMU's -device (so `address=0x20` is a u8 in hex).
 */
import type { DeviceSpec } from '../machine/index.ts';
import { QomError } from '../qom/index.ts';

/** Splits on single commas, turning ",," into a literal comma. */
function splitOpts(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ',') {
      if (text[i + 1] === ',') {
        cur += ',';
        i++;
        continue;
      }
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses one `--device` spec; throws {@link QomError} ('bad-property-value') for malformed text. */
export function parseDeviceSpec(text: string): DeviceSpec {
  const items = splitOpts(text);
  let type: string | undefined;
  let id: string | undefined;
  const props: Record<string, string> = {};
  items.forEach((item, i) => {
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (i === 0 && item !== '') {
        type = item;
        return;
      }
      throw new QomError('bad-property-value', `Invalid parameter '${item}' in -device '${text}'`);
    }
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (key === '') throw new QomError('bad-property-value', `Invalid parameter '' in -device '${text}'`);
    if (key === 'driver') type = value;
    else if (key === 'id') id = value;
    else props[key] = value;
  });
  if (type === undefined || type === '') throw new QomError('bad-property-value', `Parameter 'driver' is missing in -device '${text}'`);
  return { type, ...(id !== undefined ? { id } : {}), props };
}
