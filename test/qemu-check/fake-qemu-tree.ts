/**
 * A small QEMU-shaped source tree and a devgen project with one device's install manifest, for
 * the installer tests: the files `devgen qemu install` reads and edits, with QEMU's layout and
 * syntax (meson `files(...)` lists, trace-events headings and event lines), nothing else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../cli/project-fixture.ts';

/** Writes `files` (relative path → text) under `root`. */
export function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** hw/char/meson.build of the fake tree, with the device's source between two others. */
export const MESON = `system_ss.add(when: 'CONFIG_CADENCE', if_true: files('cadence_uart.c'))
system_ss.add(when: 'CONFIG_UART9', if_true: files('uart9.c'))
system_ss.add(when: 'CONFIG_SERIAL', if_true: files('serial.c'))
`;

/** hw/char/trace-events of the fake tree: the device's events under their heading, between two others. */
export const TRACE_EVENTS = `# See docs/devel/tracing.rst for syntax documentation.

# cadence_uart.c
cadence_uart_baud(unsigned rate) "baud %u"

# uart9.c
uart9_irq_state(int level) "irq state %d"
uart9_read(uint32_t addr, uint32_t value) "addr 0x%03x value 0x%08x"

# serial.c
serial_read(uint16_t addr, uint8_t value) "read addr 0x%x val 0x%02x"
`;

/** The generated trace-events fragment of the fake device. */
export const FRAGMENT = `# uart9.c
uart9_irq_state(int level) "irq state %d"
uart9_write(uint32_t addr, uint32_t value, const char *reg) "addr 0x%03x value 0x%08x reg %s"
`;

/** The fake device's manifest, as the qemu-c emitter writes it. */
export const MANIFEST = {
  version: 1,
  device: 'uart9',
  targets: ['aarch64-softmmu'],
  files: [
    { from: 'generated/uart9/qemu/uart9.h', to: 'include/hw/char/uart9.h' },
    { from: 'generated/uart9/qemu/uart9.c', to: 'hw/char/uart9.c' },
    { from: 'defs/uart9/uart9.behavior.c', to: 'hw/char/uart9-behavior.c' },
  ],
  meson: { file: 'hw/char/meson.build', add: ['uart9-behavior.c'], after: 'uart9.c' },
  traceEvents: { file: 'hw/char/trace-events', replacePrefix: 'uart9_', from: 'generated/uart9/qemu/trace-events' },
};

/** A fresh fake QEMU tree and a fresh project; returns their folders. */
export function fakeQemuAndProject(manifest: unknown = MANIFEST): { qemu: string; project: string } {
  const qemu = tempDir('fake-qemu');
  writeTree(qemu, {
    VERSION: '10.0.13\n',
    'meson.build': "project('qemu', ['c'])\n",
    'hw/char/meson.build': MESON,
    'hw/char/trace-events': TRACE_EVENTS,
    'hw/char/uart9.c': '/* QEMU\'s own uart9 */\n',
    'include/hw/char/uart9.h': '/* QEMU\'s own uart9 header */\n',
  });
  const project = tempDir('fake-project');
  writeTree(project, {
    'defs/uart9/uart9.device.yaml': 'devgen: 1\nname: uart9\n',
    'defs/uart9/uart9.behavior.c': '/* behaviour */\n',
    'generated/uart9/qemu/uart9.h': '/* generated header */\n',
    'generated/uart9/qemu/uart9.c': '/* generated source */\n',
    'generated/uart9/qemu/trace-events': FRAGMENT,
    'generated/uart9/qemu/manifest.json': typeof manifest === 'string' ? manifest : `${JSON.stringify(manifest, null, 2)}\n`,
  });
  return { qemu, project };
}
