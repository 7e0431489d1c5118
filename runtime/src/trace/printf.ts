/**
 * A small printf-style formatter for trace events. Trace formats are copied from definitions
 * written in QEMU's trace-events style ("addr 0x%03x value 0x%08x reg %s"), so the C
 * conversions, flags, widths and length modifiers must be understood; length modifiers are
 * accepted and ignored because JS numbers/bigints carry their own width.
 */

/** A value a trace point can carry. */
export type PrintfArg = number | bigint | boolean | string;

const SPEC = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|j|z|t|L|q)?([diouxXcsp%])/g;

function toBigInt(v: PrintfArg | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (v === undefined) return 0n;
  try {
    return BigInt(v);
  } catch {
    return 0n;
  }
}

function pad(body: string, sign: string, prefix: string, flags: string, width: number, zeroOk: boolean): string {
  const len = sign.length + prefix.length + body.length;
  if (len >= width) return sign + prefix + body;
  const fill = width - len;
  if (flags.includes('-')) return sign + prefix + body + ' '.repeat(fill);
  if (flags.includes('0') && zeroOk) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + prefix + body;
}

/**
 * Formats `format` with `args` like C printf. Unsigned conversions of negative values use
 * two's complement at 32 bits (64 with an `l`/`ll`/`j`/`z` modifier or a bigint argument), as C would.
 * Missing arguments format as 0 / empty string; the function never throws.
 */
export function formatPrintf(format: string, args: readonly PrintfArg[]): string {
  let argIndex = 0;
  return format.replace(SPEC, (_m, flags: string, widthS: string | undefined, precS: string | undefined, len: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const width = widthS === '*' ? Number(args[argIndex++] ?? 0) : widthS ? Number(widthS) : 0;
    const prec = precS === '*' ? Number(args[argIndex++] ?? 0) : precS !== undefined ? Number(precS) : -1;
    const arg = args[argIndex++];
    switch (conv) {
      case 's': {
        let s = arg === undefined ? '' : String(arg);
        if (prec >= 0) s = s.slice(0, prec);
        return pad(s, '', '', flags, width, false);
      }
      case 'c': {
        const s = typeof arg === 'string' ? arg.slice(0, 1) : String.fromCharCode(Number(toBigInt(arg) & 0xffn));
        return pad(s, '', '', flags, width, false);
      }
      case 'd':
      case 'i': {
        let v = toBigInt(arg);
        const wide = len === 'l' || len === 'll' || len === 'j' || len === 'z' || len === 'q' || typeof arg === 'bigint';
        v = wide ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
        const neg = v < 0n;
        let body = (neg ? -v : v).toString();
        if (prec >= 0) body = body.padStart(prec, '0');
        const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        return pad(body, sign, '', flags, width, prec < 0);
      }
      default: {
        // u o x X p
        const wide = conv === 'p' || len === 'l' || len === 'll' || len === 'j' || len === 'z' || len === 'q' || typeof arg === 'bigint';
        const v = wide ? BigInt.asUintN(64, toBigInt(arg)) : BigInt.asUintN(32, toBigInt(arg));
        const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
        let body = v.toString(radix);
        if (conv === 'X') body = body.toUpperCase();
        if (prec >= 0) body = body.padStart(prec, '0');
        let prefix = '';
        if ((flags.includes('#') && v !== 0n) || conv === 'p') prefix = conv === 'o' ? '0' : conv === 'X' ? '0X' : conv === 'u' ? '' : '0x';
        return pad(body, '', prefix, flags, width, prec < 0);
      }
    }
  });
}
