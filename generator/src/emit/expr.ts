/**
 * TypeScript code of value expressions (`{ expr: "..." }`): evaluated over `c.props` in bigint
 * (so `${intcap} << 32` is exact), then narrowed to the register width. Runs at realize and
 * reset only, never on the MMIO hot path.
 */
import type { DeviceIR, ValueExprNodeIR } from '../ir/ir.ts';
import { propertyKey } from '../names/device-names.ts';

/** Bigint-valued code of `n`, reading properties from `c.props`. */
export function exprCode(device: DeviceIR, n: ValueExprNodeIR): string {
  switch (n.kind) {
    case 'int':
      return n.value < 0n ? `(${n.value}n)` : `0x${n.value.toString(16)}n`;
    case 'property': {
      const p = device.properties.find((x) => x.name === n.property);
      const key = `c.props.${propertyKey(n.property)}`;
      if (p?.type === 'bool') return `(${key} ? 1n : 0n)`;
      if (p?.type === 'u64' || p?.type === 'i64') return key;
      return `BigInt(${key})`;
    }
    case 'unary':
      return `(${n.op}${exprCode(device, n.operand)})`;
    case 'binary':
      return `(${exprCode(device, n.left)} ${n.op} ${exprCode(device, n.right)})`;
  }
}

/** Code of a register-width value of `n`: bigint for 64-bit registers, an unsigned number otherwise. */
export function registerExprCode(device: DeviceIR, n: ValueExprNodeIR, width: number): string {
  const code = exprCode(device, n);
  return width === 64 ? `BigInt.asUintN(64, ${code})` : `Number(BigInt.asUintN(${width}, ${code}))`;
}
