/**
 * `npm run fuzz`: fixed-seed campaigns against the runtime, each printing how many inputs it
 * tried and how many the runtime survived (a script, not a test: it runs longer than a test
 * should and its counts are the report). The exit code is 1 when any input was not survived.
 *
 * 1. qtest: random protocol lines (known commands with random, huge, negative or garbage
 *    arguments, bytes ≥ 0x80, empty words, unknown commands) into an in-process `QtestSession`
 *    on every board. Survived: no exception, the answer ends in OK, FAIL or ERR (QEMU's own refusal of a bad size), and no
 *    "internal error" answer. Transfer lengths and clock steps are kept small so a campaign
 *    measures robustness, not the time a legitimate huge request takes.
 * 2. MMIO: random reads and writes of 1, 2, 4 and 8 bytes (aligned or not, in and just past
 *    each region) on every MMIO device a board maps, and random port accesses on pc's ISA
 *    devices. Survived: no exception.
 * 3. migration: each migratable device's saved stream mutated (bit flips, byte overwrites,
 *    truncation, extension, random bodies, other section versions) and loaded back. Survived: no
 *    exception, and a rejected stream leaves the device exactly as saved before (a second save
 *    is byte-identical).
 *
 * 4. migration files: test/migration/mutation-campaign.ts at 100 000 mutated whole files and
 *    100 000 mutated sections per device (the test suite runs 10 000 of each). Survived: no
 *    exception, a rejection names its reason and byte offset and changes no device, an accepted
 *    load leaves every device answering MMIO and a clock step.
 *
 * FUZZ_SCALE=<n> multiplies every campaign's size (default 1).
 */
import { createMachine } from '../../defs/machines/index.ts';
import { machineDescriptors, machines } from '../../generated/machines/index.ts';
import type { Machine } from '../../runtime/src/machine/index.ts';
import { QtestSession, qtestTargetFromMachine } from '../../runtime/src/qtest/index.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { MUTATION_TARGETS, runMutationCampaign } from '../migration/mutation-campaign.ts';


const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const SEEDS = [1, 0x5eed, 0xc0ffee];

/** Each board as `devgen qtest` builds it; versatilepb also carries a pcf8574 on its I2C bus. */
const BOARDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.keys(machines).sort().map((name) => [name, name === 'versatilepb' ? ['pcf8574,address=0x20,id=gpio0'] : []]),
);

function build(name: string): Machine {
  return createMachine(name, { devices: BOARDS[name] });
}

/** Base addresses of every mapped MMIO region of a board. */
function mmioBases(name: string): number[] {
  const desc = machineDescriptors.find((d) => d.name === name)!;
  const out: number[] = [];
  for (const p of desc.parts) if (p.kind === 'device') for (const b of p.mmio) if (b !== null) out.push(typeof b === 'number' ? b : b.base);
  return out;
}

/** Tally of one campaign. */
interface Tally {
  tried: number;
  survived: number;
  firstFailure?: string;
}

function report(campaign: string, t: Tally, extra = ''): boolean {
  console.log(`${campaign.padEnd(28)} tried ${String(t.tried).padStart(7)}  survived ${String(t.survived).padStart(7)}${extra}`);
  if (t.firstFailure !== undefined) console.log(`  first failure: ${t.firstFailure}`);
  return t.tried === t.survived;
}

function fail(t: Tally, what: string): void {
  t.firstFailure ??= what;
}

// ---- qtest ------------------------------------------------------------------------------

const COMMANDS = [
  'readb', 'readw', 'readl', 'readq', 'writeb', 'writew', 'writel', 'writeq', 'inb', 'inw', 'inl', 'outb', 'outw', 'outl',
  'read', 'write', 'b64read', 'b64write', 'memset', 'clock_step', 'clock_set', 'endianness', 'irq_intercept_in',
  'irq_intercept_out', 'set_irq_in', 'module_load', 'bogus', '',
];

function qtestWord(rnd: () => number, bases: readonly number[]): string {
  const r = rnd();
  const hex = (v: number | bigint): string => `0x${v.toString(16)}`;
  if (r < 0.3 && bases.length > 0) return hex(bases[Math.floor(rnd() * bases.length)]! + Math.floor(rnd() * 0x1010));
  if (r < 0.45) return String(Math.floor(rnd() * 64));
  if (r < 0.55) return hex(BigInt(Math.floor(rnd() * 2 ** 32)) << BigInt(Math.floor(rnd() * 33)));
  if (r < 0.6) return `-${Math.floor(rnd() * 1000)}`;
  if (r < 0.65) return ['0x', '-0x1', '18446744073709551616', '0xffffffffffffffff', '1e3', '0b101', ' ', ''][Math.floor(rnd() * 8)]!;
  if (r < 0.7) return ['/machine', '/machine/unattached/device[0]', 'gpio0', 'uart0', '/nope', 'hpet'][Math.floor(rnd() * 6)]!;
  if (r < 0.75) return ['big', 'little', 'unnamed-gpio-in', 'nINT', 'irq'][Math.floor(rnd() * 5)]!;
  if (r < 0.85) return Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 256))).toString('base64');
  // Raw text, including bytes ≥ 0x80 and control characters (not newlines: one line per command).
  return String.fromCharCode(...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => {
    const c = Math.floor(rnd() * 256);
    return c === 10 ? 0x41 : c;
  }));
}

function qtestLine(rnd: () => number, bases: readonly number[]): string {
  const cmd = COMMANDS[Math.floor(rnd() * COMMANDS.length)]!;
  const n = Math.floor(rnd() * 5);
  const words = [cmd];
  for (let i = 0; i < n; i++) words.push(qtestWord(rnd, bases));
  // Keep transfers and clock steps small (see the file comment).
  if (['read', 'b64read', 'write', 'b64write', 'memset'].includes(cmd) && words[2] !== undefined) words[2] = String(Math.floor(rnd() * 64));
  if (cmd === 'clock_step' && words[1] !== undefined) words[1] = String(Math.floor(rnd() * 10_000_000));
  if (cmd === 'clock_set') words.length = Math.min(words.length, 1);
  return words.join(' ');
}

function qtestCampaign(board: string, lines: number): Tally {
  const t: Tally = { tried: 0, survived: 0 };
  const bases = mmioBases(board);
  for (const seed of SEEDS) {
    const rnd = seededRandom(seed);
    const session = new QtestSession(qtestTargetFromMachine(build(board)));
    for (let i = 0; i < lines; i++) {
      const line = qtestLine(rnd, bases);
      t.tried++;
      try {
        const out = session.command(line);
        const last = out.filter((l) => !l.startsWith('IRQ ')).at(-1);
        if (last === undefined || !/^(OK|FAIL|ERR)\b/.test(last)) fail(t, `seed ${seed}: ${JSON.stringify(line)} → ${JSON.stringify(out)}`);
        else if (out.some((l) => l.includes('internal error'))) fail(t, `seed ${seed}: ${JSON.stringify(line)} → ${JSON.stringify(out)}`);
        else t.survived++;
      } catch (e) {
        fail(t, `seed ${seed}: ${JSON.stringify(line)} threw ${String(e)}`);
      }
    }
  }
  return t;
}

// ---- MMIO and port accesses ---------------------------------------------------------------

const SIZES = [1, 2, 4, 8] as const;

function randomValue(rnd: () => number, size: number): number | bigint {
  const bits = size * 8;
  const r = rnd();
  let v = 0n;
  if (r < 0.2) v = (1n << BigInt(bits)) - 1n;
  else if (r < 0.4) v = BigInt(Math.floor(rnd() * 0x100));
  else for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(Math.floor(rnd() * 256));
  return size === 8 ? v : Number(v);
}

function mmioCampaign(board: string, accesses: number): Tally {
  const t: Tally = { tried: 0, survived: 0 };
  const bases = mmioBases(board);
  for (const seed of SEEDS) {
    const rnd = seededRandom(seed);
    const machine = build(board);
    const target = qtestTargetFromMachine(machine);
    for (let i = 0; i < accesses; i++) {
      const port = target.readPort !== undefined && rnd() < 0.25;
      const portSize = ([1, 2, 4] as const)[Math.floor(rnd() * 3)]!;
      const size = port ? portSize : SIZES[Math.floor(rnd() * 4)]!;
      const write = rnd() < 0.5;
      t.tried++;
      try {
        if (port) {
          const addr = Math.floor(rnd() * 0x100);
          if (write) target.writePort!(addr, portSize, Number(randomValue(rnd, size)));
          else target.readPort!(addr, portSize);
        } else if (bases.length > 0) {
          const addr = bases[Math.floor(rnd() * bases.length)]! + Math.floor(rnd() * 0x1010);
          if (write) machine.memory.write(addr, size, randomValue(rnd, size));
          else machine.memory.read(addr, size);
        }
        if (rnd() < 0.01) machine.clock.step(BigInt(Math.floor(rnd() * 1_000_000)));
        t.survived++;
      } catch (e) {
        fail(t, `seed ${seed}: access #${i} (${port ? 'port' : 'mmio'}, size ${size}, ${write ? 'write' : 'read'}) threw ${String(e)}`);
      }
    }
  }
  return t;
}

// ---- migration streams --------------------------------------------------------------------

function mutate(rnd: () => number, s: Uint8Array): Uint8Array {
  const out = Uint8Array.from(s);
  const r = rnd();
  if (r < 0.35 && out.length > 0) {
    for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) out[Math.floor(rnd() * out.length)]! ^= 1 << Math.floor(rnd() * 8);
    return out;
  }
  if (r < 0.55 && out.length > 0) {
    out[Math.floor(rnd() * out.length)] = [0x00, 0xff, 0x7f, 0x80][Math.floor(rnd() * 4)]!;
    return out;
  }
  if (r < 0.7) return out.slice(0, Math.floor(rnd() * out.length));
  if (r < 0.85) return Uint8Array.from([...out, ...Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256))]);
  return Uint8Array.from(Array.from({ length: Math.floor(rnd() * (out.length + 8)) }, () => Math.floor(rnd() * 256)));
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function migrationCampaign(board: string, streams: number): Tally & { rejected: number; accepted: number } {
  const t: Tally & { rejected: number; accepted: number } = { tried: 0, survived: 0, rejected: 0, accepted: 0 };
  for (const seed of SEEDS) {
    const rnd = seededRandom(seed);
    const machine = build(board);
    const devices = machine.devices.filter((d) => d.migratable);
    if (devices.length === 0) continue;
    for (let i = 0; i < streams; i++) {
      const dev = devices[Math.floor(rnd() * devices.length)]!;
      const before = dev.save();
      const stream = mutate(rnd, before);
      const version = rnd() < 0.2 ? Math.floor(rnd() * 8) - 2 : undefined;
      t.tried++;
      try {
        const res = dev.load(stream, version);
        if (!res.ok) {
          t.rejected++;
          if (same(dev.save(), before)) t.survived++;
          else fail(t, `seed ${seed}: ${dev.typeName}: a rejected stream (${res.error}) changed the state`);
        } else {
          t.accepted++;
          t.survived++;
          // Accepted streams are valid states; return to the saved one so mutations stay near it.
          if (!dev.load(before).ok) fail(t, `seed ${seed}: ${dev.typeName}: its own save no longer loads`);
        }
      } catch (e) {
        fail(t, `seed ${seed}: ${dev.typeName}: load threw ${String(e)}`);
      }
    }
  }
  return t;
}

// ---- main ---------------------------------------------------------------------------------

const started = performance.now();
let ok = true;
console.log(`devgen fuzz: seeds ${SEEDS.join(', ')}, scale ${SCALE}`);
for (const board of Object.keys(BOARDS)) ok = report(`qtest ${board}`, qtestCampaign(board, 40_000 * SCALE)) && ok;
for (const board of Object.keys(BOARDS)) ok = report(`mmio ${board}`, mmioCampaign(board, 400_000 * SCALE)) && ok;
for (const board of Object.keys(BOARDS)) {
  const t = migrationCampaign(board, 20_000 * SCALE);
  ok = report(`migration ${board}`, t, `  (rejected and unchanged ${t.rejected}, accepted ${t.accepted})`) && ok;
}
for (const { board, idstr } of MUTATION_TARGETS) {
  const t = runMutationCampaign(board, idstr, 100_000 * SCALE, SEEDS[1]!);
  const tally: Tally = { tried: t.tried, survived: t.survived, ...(t.failures[0] === undefined ? {} : { firstFailure: t.failures[0] }) };
  ok = report(`migration file ${idstr}`, tally, `  (rejected and unchanged ${t.rejected}, accepted ${t.accepted})`) && ok;
}
console.log(`${ok ? 'all survived' : 'FAILURES'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = ok ? 0 : 1;
