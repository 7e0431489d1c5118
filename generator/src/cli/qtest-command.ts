/**
 * `devgen qtest` as a commander command, declared from the one table of its options
 * (qtest-options.ts); main.ts gives it its action.
 */
import type { Command } from 'commander';
import { QTEST_OPTIONS, qtestOptionFlags } from './qtest-options.ts';

/** Adds the `qtest` command with its options to `program` and returns it (no action yet). */
export function defineQtestCommand(program: Command): Command {
  const cmd = program.command('qtest')
    .description("Serve QEMU's qtest protocol on stdin/stdout for a machine of the project (like -qtest stdio).");
  for (const o of QTEST_OPTIONS) {
    if (o.required === true) cmd.requiredOption(qtestOptionFlags(o), o.help);
    else if (o.default !== undefined) cmd.option(qtestOptionFlags(o), o.help, o.default);
    else cmd.option(qtestOptionFlags(o), o.help);
  }
  return cmd;
}
