/**
 * THE diagnostic table: every rule id the generator front end can report, with its default
 * severity, its message template and a one-line doc. Templates name their slots as `{slot}`;
 * the types below extract those names so `report()` calls are checked at compile time.
 * Ids are kebab-case, stable (golden files and docs refer to them) and never reused.
 */

/** How bad a diagnostic is. Errors stop the pipeline at the end of their stage. */
export type Severity = 'error' | 'warning' | 'note';

/** One row of the table. */
export interface CodeDef {
  readonly severity: Severity;
  readonly message: string;
  readonly doc: string;
}

/** The table. Grouped by stage: input, YAML, shape, numbers, lowering, semantic checks. */
export const CODES = {
  // ---- input -------------------------------------------------------------------------
  'file-unreadable': { severity: 'error', message: 'cannot read the definition: {reason}', doc: 'The definition file is missing or unreadable.' },
  'input-too-large': { severity: 'error', message: 'input is {size} bytes, over the limit of {limit} bytes', doc: 'Definitions are small; a huge input is refused before parsing.' },
  // ---- YAML --------------------------------------------------------------------------
  'yaml-syntax': { severity: 'error', message: '{detail}', doc: 'The file is not well-formed YAML (includes duplicate keys).' },
  'yaml-alias-limit': { severity: 'error', message: 'aliases expand to more than {limit} nodes; refusing to expand (an alias bomb?)', doc: 'Alias expansion is bounded so malicious inputs fail fast.' },
  'yaml-depth': { severity: 'error', message: 'lists and mappings nest deeper than {limit} levels', doc: 'Nesting is bounded so pathological inputs fail fast.' },
  'yaml-tag': { severity: 'error', message: 'custom tag {tag} is not allowed in a definition', doc: 'Only plain YAML scalars, sequences and mappings are accepted.' },
  'yaml-key': { severity: 'error', message: 'mapping keys must be plain strings', doc: 'Keys such as `? [a, b]` or numeric keys are not part of the format.' },
  // ---- shape (schema) ----------------------------------------------------------------
  'unknown-key': { severity: 'error', message: 'unknown key {key}{hint}', doc: 'Objects are strict: every key must be one the format defines.' },
  'missing-key': { severity: 'error', message: 'missing required key {key}', doc: 'A required key of the format is absent.' },
  'wrong-type': { severity: 'error', message: 'expected {expected}, found {found}', doc: 'A value has the wrong YAML type (e.g. a list where a mapping is expected).' },
  'invalid-value': { severity: 'error', message: 'invalid value {value}: expected {allowed}{hint}', doc: 'A value is not one of the allowed words.' },
  'invalid-shape': { severity: 'error', message: '{detail}', doc: 'A value does not have any of the accepted forms.' },
  'format-version': { severity: 'error', message: 'unsupported format version {version}: this devgen reads `devgen: 1`', doc: 'The `devgen:` key must declare format version 1.' },
  // ---- numbers -----------------------------------------------------------------------
  'number-float': { severity: 'error', message: '{text} is not an integer: {what} must be a whole number', doc: 'Floats (including .inf/.nan and 1e3) are never accepted.' },
  'number-leading-zero': { severity: 'error', message: '{text} has a leading zero, which is ambiguous (octal in C, decimal in YAML 1.2): write {suggest}', doc: 'Decimal numbers must not start with 0.' },
  'number-octal': { severity: 'error', message: 'octal {text} is not accepted: write hex (0x…) or decimal', doc: 'The format has no octal numbers.' },
  'number-unquoted-underscore': { severity: 'error', message: 'YAML reads {text} as a string because of the \'_\' separators: quote it ("{text}") or drop the underscores', doc: 'Numbers with separators must be quoted strings.' },
  'number-unquoted-binary': { severity: 'error', message: 'YAML reads {text} as a string: quote binary numbers ("{text}")', doc: 'Binary numbers (0b…) must be quoted strings.' },
  'number-syntax': { severity: 'error', message: '{text} is not a number: expected a decimal, 0x hex or quoted 0b binary integer, with single \'_\' separators between digits', doc: 'A string in a number slot does not follow the number syntax.' },
  'number-negative': { severity: 'error', message: '{text} is negative, but {what} cannot be', doc: 'Negative values are only allowed for signed state and properties.' },
  'number-range': { severity: 'error', message: '{text} does not fit {what} ({range})', doc: 'A number is outside the range its slot allows.' },
  // ---- lowering ----------------------------------------------------------------------
  'register-width': { severity: 'error', message: 'register width {width} is not one of 8, 16, 32, 64', doc: 'Registers are 8, 16, 32 or 64 bits wide.' },
  'bits-syntax': { severity: 'error', message: 'bits {text}: expected "msb:lsb" or a single bit index', doc: 'Field bit ranges are "msb:lsb" strings or an integer.' },
  'bits-order': { severity: 'error', message: 'bits {text}: msb {msb} is below lsb {lsb}; write "{lsb}:{msb}"', doc: 'Bit ranges are written most significant bit first.' },
  'reset-count': { severity: 'error', message: 'register {name} has {count} reset values for {expected} element(s)', doc: 'A list of resets needs one value per array element.' },
  'register-no-access': { severity: 'error', message: 'register {name} declares neither fields nor access; add `access:` or `fields:`', doc: 'Every bit a register implements needs access semantics.' },
  'field-no-access': { severity: 'error', message: 'field {name} has no access and register {register} has none to inherit', doc: 'Fields take `access:` from the register when they omit it.' },
  'property-default': { severity: 'error', message: 'default of property {name} must be {expected}', doc: 'A property default must match the property type.' },
  'state-reset-type': { severity: 'error', message: 'reset of state {name} must be {expected}', doc: 'A state reset value must match the state type.' },
  'access-window': { severity: 'error', message: '{which} access sizes {min}..{max} are invalid: sizes are 1, 2, 4 or 8 and min <= max', doc: 'Region valid/impl windows are power-of-two byte sizes.' },
  'duplicate-hook': { severity: 'error', message: 'hook {hook} is listed twice', doc: 'Each hook is listed once.' },
  // ---- semantic checks ---------------------------------------------------------------
  'register-overlap': { severity: 'error', message: '{what} ({range}) overlaps {other} ({otherRange}, line {line})', doc: 'Registers (and array elements) of a region must not share bytes.' },
  'field-overlap': { severity: 'error', message: 'field {name} (bits {bits}) overlaps field {other} (bits {otherBits})', doc: 'Fields of a register must not share bits.' },
  'field-beyond-width': { severity: 'error', message: 'field {name} (bits {bits}) extends beyond the {width}-bit register', doc: 'Fields must lie inside the register width.' },
  'reset-too-wide': { severity: 'error', message: 'reset value {value} does not fit the {width}-bit register {name}', doc: 'A reset value must fit the register width.' },
  'reset-undefined-bits': { severity: 'error', message: 'reset value {value} of register {name} sets bits {bits} that no field covers', doc: 'A reset value may only set bits that belong to a field.' },
  'enum-value-too-wide': { severity: 'error', message: 'enum value {name} = {value} does not fit the {width}-bit field {field}', doc: 'An enum value must fit its field.' },
  'duplicate-name': { severity: 'error', message: 'duplicate {what} name {name} (first at line {line})', doc: 'Names of one kind must be unique in their scope.' },
  'invalid-identifier': { severity: 'error', message: '{what} name {name} is not a valid identifier for generated code ({rule})', doc: 'Names become TypeScript identifiers, so they must be valid ones.' },
  'name-clash': { severity: 'error', message: '{what} {name} becomes {ident} in generated code, which clashes with {other} (line {line})', doc: 'Two names that map to the same generated identifier.' },
  'unknown-region': { severity: 'error', message: 'register {name} names region {region}, which is not declared{hint}', doc: 'A register must belong to a declared region.' },
  'register-outside-region': { severity: 'error', message: '{what} ({range}) lies outside region {region} of size {size}', doc: 'Registers must fit inside their region.' },
  'unknown-storage': { severity: 'error', message: 'register {name} is stored in state {storage}, which is not declared{hint}', doc: '`storage:` must name a state field.' },
  'storage-too-narrow': { severity: 'error', message: 'state {storage} ({type}) is narrower than the {width}-bit register {name}', doc: 'The storage of a register must hold every register bit.' },
  'storage-shape': { severity: 'error', message: 'register {name} {detail}', doc: 'Arrays of registers are stored in state arrays of the same length; single registers in scalars.' },
  'vmstate-unknown-state': { severity: 'error', message: 'vmstate field {name} is bound to state that is not declared{hint}', doc: 'Migrated fields must name declared state.' },
  'vmstate-unknown-clock': { severity: 'error', message: 'vmstate field names clock {name}, which is not declared{hint}', doc: 'Migrated clocks must name declared clocks.' },
  'needed-unknown-property': { severity: 'error', message: 'subsection {name} is needed on property {property}, which is not declared{hint}', doc: 'A `needed: {property}` condition must name a property.' },
  'needed-property-type': { severity: 'error', message: 'subsection {name} is needed on property {property} of type {type}; it must be bool', doc: 'A `needed: {property}` condition tests a bool property.' },
  'needed-unknown-field': { severity: 'error', message: 'subsection {name} is needed when state {field} is non-zero, but that state is not declared{hint}', doc: 'A `needed: {nonzero}` condition must name a state field.' },
  'unused-size': { severity: 'error', message: 'unused padding must be at least 1 byte, found {size}', doc: '`unused:` reserves a positive number of bytes.' },
  'since-too-new': { severity: 'error', message: 'field {name} is added in version {since}, but {section} is only at version {version}', doc: '`since` cannot exceed the version of its section.' },
  'minimum-version-too-high': { severity: 'error', message: '{section} has minimum-version {min} above its version {version}', doc: 'A section cannot require a newer stream than it writes.' },
  'hook-without-storage': { severity: 'error', message: 'register {name} has a {hook} hook but no storage: there is no stored value to hand it', doc: 'post-write runs after the value is stored, so it needs `storage:`.' },
  'hook-conflict': { severity: 'error', message: 'register {name} has both {hook} and {other} hooks: {reason}', doc: 'Some register hook combinations contradict each other.' },
  'chardev-property-missing': { severity: 'error', message: 'chardev names property {property}, which is not declared{hint}', doc: '`chardev.property` must name a declared property.' },
  'chardev-property-type': { severity: 'error', message: 'chardev property {property} has type {type}; it must be chardev', doc: 'The chardev back end is selected by a chardev-typed property.' },
  'gpio-lines-count': { severity: 'error', message: 'gpio {name} names {lines} line(s) but has count {count}', doc: '`lines:` names every line of the group, so its length must equal `count`.' },
} as const satisfies Record<string, CodeDef>;

/** Every rule id. */
export type DiagnosticId = keyof typeof CODES;

/** Slot names of a template string, extracted at the type level. */
type SlotsOf<S extends string> = S extends `${string}{${infer K}}${infer R}` ? K | SlotsOf<R> : never;

/** Value a slot accepts; strings are inserted as-is, numbers in decimal. */
export type SlotValue = string | number | bigint;

/** Arguments a rule id's message needs. */
export type DiagnosticArgs<I extends DiagnosticId> = { readonly [K in SlotsOf<(typeof CODES)[I]['message']>]: SlotValue };

/** Fills a rule's template; unknown slots are left visible so a bug shows in output. */
export function formatMessage<I extends DiagnosticId>(id: I, args: DiagnosticArgs<I>): string {
  const values = args as Readonly<Record<string, SlotValue>>;
  return CODES[id].message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Every rule id, sorted (for docs and tests). */
export function listDiagnosticIds(): DiagnosticId[] {
  return (Object.keys(CODES) as DiagnosticId[]).sort();
}
