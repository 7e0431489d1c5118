/**
 * A real-size CMSIS-SVD for the import bench, made from a seed: hundreds of peripherals (half of
 * them derivedFrom another, as vendor files have UART0..UARTn), each with tens of registers of
 * several fields, enumerated values, access variants, a dim array and a dim cluster, so the import
 * meets every path a vendor file exercises.
 */
import { seededRandom } from '../support/seeded-random.ts';

/** Sizes of the generated SVD. */
export interface LargeSvdShape {
  /** Peripherals written out in full. */
  readonly peripherals: number;
  /** Peripherals derivedFrom one of those. */
  readonly derived: number;
  readonly registersPerPeripheral: number;
}

/** The size of a large vendor SVD: 300 peripherals, 10 000 registers, about 80 000 fields once derived ones are counted. */
export const LARGE_SVD: LargeSvdShape = { peripherals: 120, derived: 180, registersPerPeripheral: 30 };

const ACCESS = [
  '<access>read-write</access>',
  '<access>read-only</access>',
  '<modifiedWriteValues>oneToClear</modifiedWriteValues>',
  '<access>read-only</access><readAction>clear</readAction>',
  '<modifiedWriteValues>oneToSet</modifiedWriteValues>',
  '<access>write-only</access>',
];

/** The SVD text, and how many registers and fields its peripherals declare (derived ones included). */
export function largeSvd(shape: LargeSvdShape = LARGE_SVD, seed = 15): { text: string; registers: number; fields: number } {
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', '<device schemaVersion="1.3">', '  <name>LARGE_SOC</name>', '  <width>32</width>', '  <size>32</size>',
    '  <access>read-write</access>', '  <resetValue>0</resetValue>', '  <resetMask>0xFFFFFFFF</resetMask>', '  <peripherals>'];
  let registers = 0;
  let fields = 0;
  const perPeripheral: Array<{ registers: number; fields: number }> = [];
  for (let p = 0; p < shape.peripherals; p++) {
    let regs = 0;
    let flds = 0;
    out.push('    <peripheral>', `      <name>PERIPH${p}</name>`, `      <description>Peripheral ${p}.</description>`, `      <baseAddress>0x${(0x40000000 + p * 0x1000).toString(16)}</baseAddress>`,
      '      <addressBlock><offset>0</offset><size>0x1000</size><usage>registers</usage></addressBlock>',
      `      <interrupt><name>PERIPH${p}_IRQ</name><description>Interrupt of peripheral ${p}.</description><value>${p}</value></interrupt>`, '      <registers>');
    for (let r = 0; r < shape.registersPerPeripheral; r++) {
      out.push('        <register>', `          <name>REG${r}</name>`, `          <description>Register ${r} of peripheral ${p}.</description>`,
        `          <addressOffset>0x${(r * 4).toString(16)}</addressOffset>`, `          <resetValue>0x${int(0x100).toString(16)}</resetValue>`, '          <fields>');
      let bit = 0;
      let f = 0;
      while (bit < 32) {
        const width = Math.min(32 - bit, 1 + int(6));
        out.push('            <field>', `              <name>F${f}</name>`, `              <description>Field ${f} of register ${r}.</description>`,
          `              <bitOffset>${bit}</bitOffset>`, `              <bitWidth>${width}</bitWidth>`, `              ${ACCESS[int(ACCESS.length)]}`);
        if (width >= 2 && int(4) === 0) {
          out.push('              <enumeratedValues>');
          for (let v = 0; v < 3; v++) out.push(`                <enumeratedValue><name>V${v}</name><description>Value ${v}.</description><value>${v}</value></enumeratedValue>`);
          out.push('              </enumeratedValues>');
        }
        out.push('            </field>');
        bit += width;
        f++;
      }
      regs++;
      flds += f;
      out.push('          </fields>', '        </register>');
    }
    const base = shape.registersPerPeripheral * 4;
    out.push('        <register>', '          <dim>4</dim><dimIncrement>4</dimIncrement>', '          <name>BUF[%s]</name>', '          <description>Buffer words.</description>',
      `          <addressOffset>0x${base.toString(16)}</addressOffset>`, '          <access>read-only</access>', '        </register>',
      '        <cluster>', '          <dim>4</dim><dimIncrement>0x10</dimIncrement>', '          <name>CH[%s]</name>', '          <description>Channel.</description>',
      `          <addressOffset>0x${(base + 0x100).toString(16)}</addressOffset>`,
      '          <register><name>CFG</name><description>Channel setting.</description><addressOffset>0</addressOffset>',
      '            <fields><field><name>EN</name><description>Enable.</description><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>',
      '            <field><name>SEL</name><description>Select.</description><bitOffset>4</bitOffset><bitWidth>4</bitWidth></field></fields></register>',
      '          <register><name>VAL</name><description>Channel value.</description><addressOffset>4</addressOffset><access>read-only</access></register>',
      '        </cluster>', '      </registers>', '    </peripheral>');
    perPeripheral.push({ registers: regs + 1 + 2, fields: flds + 2 });
  }
  for (let d = 0; d < shape.derived; d++) {
    const from = d % shape.peripherals;
    const n = shape.peripherals + d;
    out.push(`    <peripheral derivedFrom="PERIPH${from}">`, `      <name>PERIPH${n}</name>`, `      <baseAddress>0x${(0x40000000 + n * 0x1000).toString(16)}</baseAddress>`,
      `      <interrupt><name>PERIPH${n}_IRQ</name><value>${n}</value></interrupt>`, '    </peripheral>');
  }
  for (let i = 0; i < shape.peripherals + shape.derived; i++) {
    const s = perPeripheral[i % shape.peripherals]!;
    registers += s.registers;
    fields += s.fields;
  }
  out.push('  </peripherals>', '</device>', '');
  return { text: out.join('\n'), registers, fields };
}
