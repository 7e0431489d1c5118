/**
 * The values write probes use: all zeros, all ones, walking ones and seeded patterns. The
 * generator is seeded from the case seed and the register's name, so one register's probes do
 * not change when another register is added, and the same seed always writes the same values.
 */

/** One probe value with the reason the case prints. */
export interface Probe {
  readonly value: bigint;
  readonly kind: string;
  /** The bit a walking-one probe sets. */
  readonly bit?: number;
}

/** FNV-1a over a string: a stable 32-bit seed part. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A small deterministic generator (mulberry32) over `seed` and `label`. */
export class SeededRandom {
  private state: number;
  constructor(seed: number, label: string) {
    this.state = (hash32(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  }

  /** The next 32 random bits. */
  next32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A random value of `bits` bits. */
  bits(bits: number): bigint {
    let v = 0n;
    for (let got = 0; got < bits; got += 32) v = (v << 32n) | BigInt(this.next32());
    return BigInt.asUintN(bits, v);
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.next32() % n;
  }
}

/** How many seeded patterns each register gets besides the fixed probes. */
export const SEEDED_PATTERNS = 4;

/** The probes of a `bits`-bit register; `walking` adds one probe per bit. */
export function probesFor(bits: number, rng: SeededRandom, walking: boolean): Probe[] {
  const ones = (1n << BigInt(bits)) - 1n;
  const out: Probe[] = [{ value: 0n, kind: 'all zeros' }, { value: ones, kind: 'all ones' }];
  if (walking) for (let b = 0; b < bits; b++) out.push({ value: 1n << BigInt(b), kind: `walking one, bit ${b}`, bit: b });
  for (let i = 0; i < SEEDED_PATTERNS; i++) out.push({ value: rng.bits(bits), kind: `seeded pattern ${i + 1}` });
  return out;
}
