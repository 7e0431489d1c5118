/**
 * Which names devgen accepts, checked by sema before any name is used in a path, an import or
 * generated code. Each rule is the one QEMU 10.0 itself applies, narrowed where devgen turns the
 * name into something else (a file name, a command-line key):
 *
 * - QOM type names (qom/object.c refuses to register any other): the first character a letter or
 *   a digit other than '0', the rest letters, digits, '-', '_' and '.'. No '/', quote, '*', ','
 *   or space, so a device name is always a safe folder and file stem under generated/. QEMU also
 *   asserts a type name is longer than one character; devgen accepts one-character names (its
 *   test corpus uses `t`), which only a QEMU back end would have to refuse.
 * - qdev property names: QEMU's command line (`-device TYPE,NAME=VALUE`) and QOM paths reserve
 *   ',', '=', '/' and spaces; devgen asks for a letter first, then letters, digits, '-', '_', '.'.
 * - VMState names (the section id string and every subsection name) go into the migration
 *   stream behind a one-byte length, so they are 1 to 255 bytes of UTF-8.
 *
 * The style conventions lint adds on top (lower-case QOM names, kebab-case properties) are
 * `isQomTypeName` and the lint rules, not errors here.
 */

/** Longest device name: its generated files (`<name>/<name>.registers.ts`) stay far below NAME_MAX (255 bytes). */
export const DEVICE_NAME_MAX = 100;

/** Longest property name (the same bound: it becomes part of identifiers and messages). */
export const PROPERTY_NAME_MAX = 100;

/** Longest VMState or subsection name in bytes: the stream writes its length in one byte. */
export const VMSTATE_NAME_MAX_BYTES = 255;

const QEMU_TYPE_NAME = /^[A-Za-z1-9][A-Za-z0-9._-]*$/;
const QDEV_PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** Why `name` cannot be a device's QOM type name, or undefined when QEMU and devgen accept it. */
export function deviceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > DEVICE_NAME_MAX) return `it is ${name.length} characters long; at most ${DEVICE_NAME_MAX} keep its generated file names legal`;
  if (!QEMU_TYPE_NAME.test(name)) return 'QEMU accepts letters, digits, \'-\', \'_\' and \'.\' only, starting with a letter or a digit other than 0';
  return undefined;
}

/** Why `name` cannot be a qdev property name, or undefined when it can. */
export function propertyNameProblem(name: string): string | undefined {
  if (name.length > PROPERTY_NAME_MAX) return `it is ${name.length} characters long; at most ${PROPERTY_NAME_MAX}`;
  if (!QDEV_PROPERTY_NAME.test(name)) return 'letters, digits, \'-\', \'_\' and \'.\' only, starting with a letter (\',\', \'=\', \'/\' and spaces have a meaning on QEMU\'s command line and in QOM paths)';
  return undefined;
}

/** Why `name` cannot be a VMState or subsection name, or undefined when the stream can carry it. */
export function vmstateNameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0) return 'it is empty';
  if (bytes > VMSTATE_NAME_MAX_BYTES) return `it is ${bytes} bytes long; the migration stream writes the length in one byte, so at most ${VMSTATE_NAME_MAX_BYTES}`;
  return undefined;
}

/** QOM type names in devgen's style: lower-case letters and digits, words joined by '-', '_' or '.' (as in vendor prefixes). */
const QOM_TYPE_NAME_STYLE = /^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$/;

/** Whether `name` is spelled as a QOM type name in devgen's style (`pl011`, `sys-bus-device`, `versatile_i2c`). */
export function isQomTypeName(name: string): boolean {
  return QOM_TYPE_NAME_STYLE.test(name);
}
