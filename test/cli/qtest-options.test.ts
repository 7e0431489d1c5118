/**
 * The fast start reads `devgen qtest`'s options itself (cli/qtest-options.ts). Whatever it
 * accepts it must read exactly as commander does with the command main.ts declares from the
 * same table; anything else it leaves to commander.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { defineQtestCommand } from '../../generator/src/cli/qtest-command.ts';
import { readQtestArgs } from '../../generator/src/cli/qtest-options.ts';

/** What commander gives the qtest action for `words`. */
function commanderReads(words: readonly string[]): unknown {
  const program = new Command().exitOverride();
  let got: unknown;
  defineQtestCommand(program).exitOverride().action((opts: unknown) => {
    got = opts;
  });
  program.parse(['qtest', ...words], { from: 'user' });
  return JSON.parse(JSON.stringify(got));
}

describe('readQtestArgs', () => {
  const accepted: readonly (readonly string[])[] = [
    ['--machine', 'virt'],
    ['--machine=virt'],
    ['--machine', 'pc', '--serial', 'stdio'],
    ['--serial=file:/tmp/x', '--machine', 'virt', '--root', '../proj'],
    ['--machine', 'virt', '--device', 'pcf8574,address=0x20', 'ds1338,address=0x68', '--global', 'hpet.timers=32'],
    ['--device', 'a', '--machine', 'virt', '--device', 'b', '--device=c'],
    ['--machine', 'versatilepb', '--trace', 'pl011_*', 'hpet_*', '--rtc', 'base=2020-01-01T00:00:00,clock=vm'],
    ['--machine', 'virt', '--qmp', 'unix:/tmp/q.sock', '--incoming', 'file:/tmp/m.bin'],
    ['--machine', 'virt', '--machine', 'pc'],
  ];
  for (const words of accepted) {
    it(`reads ${words.join(' ')} as commander does`, () => {
      expect(readQtestArgs(words)).toEqual(commanderReads(words));
    });
  }

  const declined: readonly (readonly string[])[] = [
    [],
    ['--serial', 'null'],
    ['--help'],
    ['-h'],
    ['--machine'],
    ['--machine='],
    ['--machine', '-x'],
    ['--machine', 'virt', 'extra'],
    ['--machine', 'virt', '--'],
    ['--machine', 'virt', '--nope'],
    ['--machine', 'virt', '--device'],
    ['--machine', 'virt', '-d', 'x'],
  ];
  for (const words of declined) {
    it(`leaves ${JSON.stringify(words.join(' '))} to commander`, () => {
      expect(readQtestArgs(words)).toBeUndefined();
    });
  }
});
