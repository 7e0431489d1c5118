#!/usr/bin/env node
/**
 * Puts a QEMU where ../shared/oracle/qtest-diff expects its "project" side, so the official
 * script compares two QEMUs answer by answer: stock QEMU 10.0 as its QEMU side, and QEMU built
 * with devgen's devices here. qtest-diff starts the project side as
 *   CMD --machine MACHINE --serial file:PATH [--device SPEC]...
 * and this starts `QEMU_DIR/bin/qemu-system-<arch>` exactly as qtest-diff starts its own QEMU
 * (stopped, -qtest stdio, -nodefaults, the serial port to PATH, -device SPEC each).
 *
 *   qemu-qtest-side.mjs QEMU_DIR --machine virt --serial file:/tmp/x [--device SPEC]...
 *
 * QEMU does not end when its qtest input does: once standard input is closed (every answer has
 * been read by then, qtest-diff waits for each), QEMU is stopped, so a case costs no timeout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** qtest-diff's machines: QEMU binary suffix and arguments. */
const MACHINES = {
  virt: { arch: 'aarch64', args: ['-M', 'virt'] },
  pc: { arch: 'x86_64', args: ['-M', 'pc'] },
  versatilepb: { arch: 'arm', args: ['-M', 'versatilepb', '-audio', 'none'] },
};

const [qemuDir, ...rest] = process.argv.slice(2);
let machine = 'virt';
let serial = 'null';
const devices = [];
for (let i = 0; i < rest.length; i += 2) {
  const [flag, value] = [rest[i], rest[i + 1]];
  if (flag === '--machine') machine = value;
  else if (flag === '--serial') serial = value;
  else if (flag === '--device') devices.push(value);
  else {
    process.stderr.write(`qemu-qtest-side: unknown argument ${flag}\n`);
    process.exit(2);
  }
}
const m = MACHINES[machine];
if (qemuDir === undefined || m === undefined) {
  process.stderr.write(`qemu-qtest-side: usage: QEMU_DIR --machine ${Object.keys(MACHINES).join('|')} --serial SPEC [--device SPEC]...\n`);
  process.exit(2);
}
const argv = ['-S', ...m.args, '-qtest', 'stdio', '-qtest-log', '/dev/null', '-display', 'none', '-nodefaults', '-serial', serial];
for (const d of devices) argv.push('-device', d);
const qemu = spawn(join(qemuDir, 'bin', `qemu-system-${m.arch}`), argv, { stdio: ['pipe', 'inherit', 'ignore'] });
qemu.stdin.on('error', () => {});
process.stdin.pipe(qemu.stdin);
process.stdin.on('end', () => {
  // Give QEMU a moment to flush the last answer and the serial file, then stop it.
  setTimeout(() => qemu.kill('SIGTERM'), 50);
});
qemu.on('error', (e) => {
  process.stderr.write(`qemu-qtest-side: cannot start QEMU: ${e.message}\n`);
  process.exit(1);
});
qemu.on('close', (code, signal) => process.exit(signal === 'SIGTERM' ? 0 : (code ?? 1)));
