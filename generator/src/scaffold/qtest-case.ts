/**
 * qtest cases the scaffolds write, in the case format of the QEMU oracle's `qtest-diff`: header
 * comments (`# machine: M`, `# device: SPEC`), then one qtest command a line. A `# => ANSWER`
 * line after a command is the answer the project's own test expects from `devgen qtest` (every
 * line of it, IRQ lines first); `qtest-diff` reads it as a comment and compares with QEMU.
 */

/** One line group of a case: a comment, or a command with the answer lines it should get. */
export type QtestStep =
  | { readonly comment: string; readonly command?: undefined; readonly expect?: undefined }
  | { readonly command: string; readonly expect?: readonly string[]; readonly comment?: undefined };

/** The prefix of an expected answer line. */
export const EXPECT_PREFIX = '# => ';

/** The text of a case for `machine` with `devices` (`# device:` specs), about `subject`. */
export function qtestCaseText(machine: string, devices: readonly string[], subject: string, steps: readonly QtestStep[]): string {
  const lines = [`# machine: ${machine}`];
  if (devices.length > 0) lines.push(`# device: ${devices.join('; ')}`);
  lines.push(
    `# ${subject}: a first qtest case. \`devgen qtest --machine ${machine}${devices.map((d) => ` --device ${d}`).join('')}\` answers it;`,
    `# a "${EXPECT_PREFIX.trim()}" line after a command is what test/${subject}.test.js expects. Where QEMU has the same`,
    '# device on the same machine, `qtest-diff` compares every answer with QEMU\'s.',
  );
  for (const s of steps) {
    if (s.command === undefined) lines.push(`# ${s.comment}`);
    else {
      lines.push(s.command);
      for (const e of s.expect ?? []) lines.push(`${EXPECT_PREFIX}${e}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** QEMU's answer to a read: `OK 0x` and 16 hex digits. */
export function okValue(v: bigint): string {
  return `OK 0x${v.toString(16).padStart(16, '0')}`;
}

/** SBCon (versatile_i2c) line bits: SCL is bit 0, SDA bit 1. */
const SCL = 1;
const SDA = 2;

/**
 * A bit-banged I2C master on an SBCon controller at `base` (SB_CONTROLS at +0 sets lines and
 * reads them back, SB_CONTROLC at +4 clears them), as qtest commands. Each SDA sample carries
 * the answer the slave should give (an ACK, a data bit); line writes answer a plain OK.
 */
export class SbconMaster {
  readonly steps: QtestStep[] = [];
  constructor(private readonly base: bigint) {}

  private set(bits: number): void {
    this.steps.push({ command: `writel 0x${this.base.toString(16)} 0x${bits.toString(16)}` });
  }

  private clear(bits: number): void {
    this.steps.push({ command: `writel 0x${(this.base + 4n).toString(16)} 0x${bits.toString(16)}` });
  }

  /** Samples SDA with SCL high: the read answers SCL set and SDA as the bus drives it. */
  private sample(sda: number): void {
    this.steps.push({ command: `readl 0x${this.base.toString(16)}`, expect: [okValue(BigInt(SCL | (sda ? SDA : 0)))] });
  }

  /** A comment line. */
  note(text: string): this {
    this.steps.push({ comment: text });
    return this;
  }

  /** Both lines high (idle), then a START: SDA falls while SCL is high, then SCL falls. */
  start(): this {
    this.set(SCL | SDA);
    this.clear(SDA);
    this.clear(SCL);
    return this;
  }

  /** A repeated START from SCL low: SDA up, SCL up, then the START edges. */
  restart(): this {
    this.set(SDA);
    return this.start();
  }

  /** Sends `byte` MSB first, then clocks the acknowledge bit, expecting `ack` (SDA low). */
  send(byte: number, ack = true): this {
    for (let bit = 7; bit >= 0; bit--) {
      if ((byte >> bit) & 1) this.set(SDA);
      else this.clear(SDA);
      this.set(SCL);
      this.clear(SCL);
    }
    this.set(SDA);
    this.set(SCL);
    this.sample(ack ? 0 : 1);
    this.clear(SCL);
    return this;
  }

  /** Reads a byte expected to be `byte` (SDA released, eight clocks), then ACKs it or, for the last byte, NACKs it. */
  recv(byte: number, last: boolean): this {
    this.set(SDA);
    for (let bit = 7; bit >= 0; bit--) {
      this.set(SCL);
      this.sample((byte >> bit) & 1);
      this.clear(SCL);
    }
    if (last) this.set(SDA);
    else this.clear(SDA);
    this.set(SCL);
    this.clear(SCL);
    return this;
  }

  /** A STOP: SDA rises while SCL is high. */
  stop(): this {
    this.clear(SDA);
    this.set(SCL);
    this.set(SDA);
    return this;
  }
}
