/**
 * The bit-banged I2C master the I2C-slave scaffold writes its qtest case with
 * (scaffold/qtest-case.ts), checked against real QEMU 10.0: on QEMU's versatilepb, the
 * ds1338 RTC at I2C address 0x68 has NVRAM behind an auto-incrementing register pointer — the
 * same protocol as the scaffold's device — so writing two bytes and reading them back must give
 * exactly the ACKs and data bits the master predicts. Fails, not skips, without the QEMU oracle.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SbconMaster } from '../../generator/src/scaffold/qtest-case.ts';
import { qemuBinary } from '../support/qemu-oracle.ts';

/** Answers of QEMU's versatilepb to `commands`, one line each (IRQ lines left out). */
function converse(commands: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const qemu = spawn(qemuBinary('arm'), ['-S', '-M', 'versatilepb', '-audio', 'none', '-display', 'none', '-nodefaults', '-qtest', 'stdio', '-qtest-log', '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const answers: string[] = [];
    let partial = '';
    qemu.on('error', reject);
    qemu.stdout.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      answers.push(...lines.filter((l) => !l.startsWith('IRQ ')));
      if (answers.length >= commands.length) {
        qemu.kill();
        resolve(answers.slice(0, commands.length));
      }
    });
    // QEMU keeps running at the end of its input: it is stopped once every answer is in.
    qemu.stdin.end(commands.map((c) => `${c}\n`).join(''));
  });
}

describe('SbconMaster (the I2C-slave scaffold qtest case)', () => {
  it("writes and reads the ds1338's NVRAM on QEMU's versatilepb with the answers it predicts", async () => {
    const address = 0x68 << 1;
    const steps = new SbconMaster(0x1000_2000n)
      .start().send(address).send(0x08).send(0x12).send(0x34).stop()
      .start().send(address).send(0x08).restart().send(address | 1).recv(0x12, false).recv(0x34, true).stop()
      .steps.filter((s) => s.command !== undefined);
    const checked = steps.filter((s) => s.expect !== undefined);
    expect(checked.length).toBe(4 + 3 + 16); // the ACKs of the four bytes written, of three more, and sixteen data bits read
    const answers = await converse(steps.map((s) => s.command!));
    steps.forEach((s, i) => expect([answers[i]], `${i}: ${s.command}`).toEqual(s.expect ?? ['OK']));
  }, 60_000);
});
