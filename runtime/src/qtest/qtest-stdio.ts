/**
 * `devgen qtest` entry point: builds the named board with its serial back end and serves qtest
 * on standard input/output. User mistakes (unknown machine, bad serial spec, a --device the
 * board cannot take or with bad properties) are one line on stderr and exit code 1, never a stack trace.
 */
import { ChardevSpecError, openChardev, type Chardev } from '../chardev/index.ts';
import { RtcSpecError } from '../clock/index.ts';
import { MachineRegistry, UnknownMachineError, buildMachine, type MachineDefinition } from '../machine/index.ts';
import { QomError } from '../qom/index.ts';
import { createTraceSink } from '../trace/index.ts';
import { parseDeviceSpec } from './device-spec.ts';
import { runQtestServer } from './qtest-server.ts';
import { createMachineQmpCommands, loadIncoming, parseQmpSpec, QmpSpecError, startQmpServer } from '../qmp/index.ts';

/** Options of {@link runQtestStdio}. */
export interface QtestStdioOptions {
  /** Available boards by name (`machines` of generated/machines/index.ts). */
  readonly machines: Readonly<Record<string, MachineDefinition>>;
  /** Board to build (`--machine`). */
  readonly machine: string;
  /** Serial port 0 back end spec (`--serial`: file:PATH, null, stdio, memory, or none: no serial port, QEMU's -serial none); default null. */
  readonly serial?: string;
  /** Extra `--device TYPE,prop=value,id=ID` specs, plugged as QEMU's -device (onto a bus of the device's kind). */
  readonly devices?: readonly string[];
  /** Trace event patterns to enable (`--trace`, like QEMU's -trace), printed on the error stream. */
  readonly trace?: readonly string[];
  /** Global properties (`--global TYPE.PROP=VALUE`, like QEMU's -global). */
  readonly globals?: readonly string[];
  /** The RTC clock source (`--rtc`, like QEMU's -rtc: "base=2020-01-01T00:00:00,clock=vm"); default host clock, UTC. */
  readonly rtc?: string;
  /** `--qmp unix:PATH`: serve QMP on that socket beside qtest; the process then ends at QMP `quit`. */
  readonly qmp?: string;
  /** `--incoming file:PATH`: load the devices from that migration file before serving qtest. */
  readonly incoming?: string;
  /** Streams; default the process's. */
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly error?: (text: string) => void;
  /** Passed to the server: called whenever the input is drained and the answers are out. */
  readonly onDrained?: () => void;
}

/** Serves qtest on stdio for `options.machine`; resolves to the exit code once input ends. */
export async function runQtestStdio(options: QtestStdioOptions): Promise<number> {
  const err = options.error ?? ((t: string) => void process.stderr.write(t));
  let chardev: Chardev | undefined;
  try {
    const devices = (options.devices ?? []).map(parseDeviceSpec);
    const registry = new MachineRegistry();
    for (const def of Object.values(options.machines)) registry.register(def);
    if (registry.get(options.machine) === undefined) throw new UnknownMachineError(options.machine, registry.list());
    chardev = options.serial === 'none' ? undefined : openChardev(options.serial ?? 'null');
    const trace = options.trace !== undefined && options.trace.length > 0 ? createTraceSink({ enable: options.trace, write: err }) : undefined;
    const machine = buildMachine(registry, options.machine, { serial: [chardev], devices, globals: options.globals ?? [] }, {
      ...(trace === undefined ? {} : { trace }),
      ...(options.rtc === undefined ? {} : { rtc: options.rtc }),
    });
    if (options.incoming !== undefined) {
      const problem = loadIncoming(machine, options.incoming);
      if (problem !== undefined) throw new UserFacing(problem);
    }
    const input = options.input ?? process.stdin;
    const qtest = runQtestServer({ machine, input: input as never, output: (options.output ?? process.stdout) as never, ...(options.onDrained === undefined ? {} : { onDrained: options.onDrained }) });
    if (options.qmp === undefined) {
      await qtest;
      return 0;
    }
    // As QEMU: the end of qtest input does not end the process; QMP `quit` does.
    let quit!: () => void;
    const quitted = new Promise<void>((resolve) => (quit = resolve));
    const qmp = await startQmpServer(parseQmpSpec(options.qmp), (emit) => createMachineQmpCommands({ machine, emit, onQuit: quit, incoming: options.incoming !== undefined }));
    qtest.catch(() => {});
    await quitted;
    await qmp.close();
    (input as { destroy?: () => void }).destroy?.();
    return 0;
  } catch (e) {
    if (e instanceof UserFacing || e instanceof QmpSpecError || e instanceof UnknownMachineError || e instanceof ChardevSpecError || e instanceof RtcSpecError || e instanceof QomError) {
      err(`devgen qtest: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    chardev?.close();
  }
}

class UserFacing extends Error {}
