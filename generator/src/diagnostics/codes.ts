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

/** The table. Grouped by stage: input, YAML, shape, numbers, lowering, semantic checks, lint, migration compatibility. */
export const CODES = {
  // ---- input -------------------------------------------------------------------------
  'file-unreadable': { severity: 'error', message: 'cannot read the definition: {reason}', doc: 'The definition file is missing or unreadable.' },
  'input-too-large': { severity: 'error', message: 'input is {size} bytes, over the limit of {limit} bytes (raise limits.max-input-bytes in devgen.config.yaml for a definition this large)', doc: 'A huge input is refused before parsing; the limit admits definitions of tens of thousands of registers and is configurable.' },
  // ---- YAML --------------------------------------------------------------------------
  'yaml-syntax': { severity: 'error', message: '{detail}', doc: 'The file is not well-formed YAML (includes duplicate keys).' },
  'yaml-alias-limit': { severity: 'error', message: 'the document expands to more than {limit} nodes, aliases counted at every use (an alias bomb? raise limits.max-nodes in devgen.config.yaml for a real definition this large)', doc: 'Nodes are counted after alias expansion, so malicious inputs fail fast; the limit is configurable.' },
  'yaml-depth': { severity: 'error', message: 'lists and mappings nest deeper than {limit} levels (limits.max-depth in devgen.config.yaml)', doc: 'Nesting is bounded so pathological inputs fail fast.' },
  'yaml-tag': { severity: 'error', message: 'custom tag {tag} is not allowed in a definition', doc: 'Only plain YAML scalars, sequences and mappings are accepted.' },
  'yaml-key': { severity: 'error', message: 'mapping keys must be plain strings', doc: 'Keys such as `? [a, b]` or numeric keys are not part of the format.' },
  // ---- TypeScript decorators (frontends/decorators) ---------------------------------
  'ts-syntax': { severity: 'error', message: '{detail}', doc: 'The decorator definition is not syntactically valid TypeScript.' },
  'decorator-no-device': { severity: 'error', message: 'no class is decorated with @Device: a decorator definition declares exactly one device class', doc: 'A *.device.ts file holds one class carrying @Device.' },
  'decorator-multiple-devices': { severity: 'error', message: 'a second class decorated with @Device ({name}); one device per file', doc: 'A *.device.ts file holds one class carrying @Device.' },
  'decorator-unknown': { severity: 'error', message: 'unknown decorator {name} on a device class{hint}', doc: 'Only the decorators of devgen/define may annotate a device class and its members.' },
  'decorator-origin': { severity: 'error', message: '@{name} is not devgen\'s decorator: {detail}', doc: 'Decorators are recognised by their import from devgen/define (under their own name or an alias), never by their spelling: one imported from another module or declared in the file is not read.' },
  'decorator-target': { severity: 'error', message: '@{name} is not read on {target}: devgen decorators annotate the one device class, declared at the top level of the file, and its members', doc: 'A devgen decorator anywhere else (a function, another class, a nested class, a parameter) would be silently ignored; it is an error instead.' },
  'decorator-arguments': { severity: 'error', message: '@{name} takes one object literal argument; {detail}', doc: 'Every devgen decorator is called with a single `{ ... }` options literal.' },
  'decorator-not-literal': { severity: 'error', message: '{found} is not a literal: decorator arguments are read without running the file (use numbers, strings, booleans, arrays and object literals)', doc: 'Decorator arguments must be literals so the generator can read them statically.' },
  'decorator-placement': { severity: 'error', message: '@{name} {detail}', doc: 'Class decorators go on the device class, member decorators (@Register, @Field, @State) on its members.' },
  'decorator-duplicate': { severity: 'error', message: '@{name} may appear only once {where}', doc: 'Singular parts (device, chardev, i2c, vmstate, a member\'s register) are declared once.' },
  'decorator-duplicate-key': { severity: 'error', message: 'key {key} is given twice', doc: 'An options literal names each key once.' },
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
  'expr-syntax': { severity: 'error', message: '{detail} in expression {text}', doc: 'A value expression (`{ expr: "..." }`) does not parse.' },
  'property-range-type': { severity: 'error', message: 'property {name} of type {type} cannot have min/max', doc: 'Only integer properties have a range.' },
  'timer-callback': { severity: 'error', message: 'timer field {name} needs `callback:` (the hook its expiry calls)', doc: 'A timer field names the hook called when it expires.' },
  'callback-not-timer': { severity: 'error', message: 'field {name} has `callback:` but is not a timer', doc: 'Only timer fields have an expiry callback.' },
  'clock-not-timer': { severity: 'error', message: 'field {name} has `clock:` but is not a timer', doc: 'Only timer fields run on a clock (virtual or rtc).' },
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
  'invalid-device-name': { severity: 'error', message: 'device name {name} cannot be a QOM type name: {rule}', doc: 'A device name is its QOM type name and the folder and stem of its generated files: QEMU 10.0\'s type-name characters, at most 100 of them (generator/src/names/name-rules.ts).' },
  'invalid-property-name': { severity: 'error', message: 'property name {name} cannot be a qdev property name: {rule}', doc: 'qdev property names are letters, digits, \'-\', \'_\' and \'.\', starting with a letter (generator/src/names/name-rules.ts).' },
  'vmstate-name-length': { severity: 'error', message: '{what} name {name} cannot be migrated: {rule}', doc: 'VMState and subsection names are written to the migration stream behind a one-byte length: 1 to 255 bytes.' },
  'duplicate-device': { severity: 'error', message: 'device {name} is also defined in {other}', doc: 'Each device name (QOM type name) is defined by one definition file.' },
  'name-clash': { severity: 'error', message: '{what} {name} becomes {ident} in generated code, which clashes with {other} (line {line})', doc: 'Two names that map to the same generated identifier.' },
  'reserved-range': { severity: 'error', message: 'reserved range {range} of region {region} {detail}', doc: 'A `reserved:` range must lie inside its region and cover no register.' },
  'region-trace-event': { severity: 'error', message: 'region {region} traces {kind} accesses with {name}, which {detail}', doc: 'A region\'s `trace:` events must be declared trace events taking (offset, value, register name).' },
  'default-register': { severity: 'error', message: 'region {region}: default-register {name} {detail}', doc: 'A region\'s `default-register` names a plain register (no array, no block, at most 32 bits) of that region.' },
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
  'expr-unknown-property': { severity: 'error', message: 'expression refers to property {name}, which is not declared{hint}', doc: 'A `${property}` reference must name a declared property.' },
  'expr-property-type': { severity: 'error', message: 'expression uses property {name} of type {type}; only integer and bool properties have a value', doc: 'String and chardev properties cannot appear in value expressions.' },
  'property-range': { severity: 'error', message: 'property {name}: {detail}', doc: 'A property range must have min <= max and contain the default.' },
  'unknown-struct': { severity: 'error', message: '{what} names struct {name}, which is not declared{hint}', doc: 'A `struct:` must name an entry of `structs:`.' },
  'struct-recursive': { severity: 'error', message: 'struct {name} contains itself through field {field}', doc: 'Structs cannot nest themselves.' },
  'struct-state-length': { severity: 'error', message: 'struct field {name} needs `length:` (struct state is an array of records)', doc: 'Struct-typed state fields are arrays.' },
  'timer-outside-struct-array': { severity: 'error', message: 'timer field {name} {detail}', doc: 'Timers are scalar fields (not arrays) of the device state or of a struct.' },
  'block-state': { severity: 'error', message: 'block {name} {detail}', doc: 'A block is backed by a struct-array state field with at least `count` elements; `reset-unaddressed: true` needs one with more.' },
  'variant-name': { severity: 'error', message: 'variant {name} {detail}', doc: 'A variant is a new QOM type: its name differs from the device\'s and from every other variant\'s.' },
  'variant-register': { severity: 'error', message: 'variant register {name} {detail}', doc: 'A variant changes only constant registers of the device (no storage, no read hook, no computed reset, not in a block), with one value per element that fits the register.' },
  'block-limit': { severity: 'error', message: 'block {name} is limited by property {property}, {detail}', doc: 'A block `limit` names an integer property.' },
  'wide-register-region': { severity: 'error', message: '64-bit register {name} needs region {region} to implement 4..8-byte accesses (impl min <= 4, max 8)', doc: '64-bit registers are reached as 32-bit lanes and whole 8-byte accesses.' },
  'vmstate-unknown-struct': { severity: 'error', message: 'vmstate field {name} uses description {vmstate}, which is not declared in vmstate.structs{hint}', doc: 'A struct-array vmstate field names a `vmstate.structs` description.' },
  'vmstate-struct-mismatch': { severity: 'error', message: 'vmstate field {name} {detail}', doc: 'A struct-array vmstate field, its state and its description must agree.' },
  'vmstate-length-property': { severity: 'error', message: 'vmstate field {name} takes its length from property {property}, {detail}', doc: 'A `length: {property}` names an integer property.' },
  'vmstate-length-field': { severity: 'error', message: 'vmstate field {name} takes its length from state field {field}, {detail}', doc: 'A `length: {field}` names an integer scalar state field (QEMU VMSTATE_VARRAY over a struct member).' },
  'vmstate-parent': { severity: 'error', message: 'vmstate parent field {name}: {detail}', doc: 'Parent state is migrated with a runtime description (I2CSlave for i2c-slave devices).' },
  'gpio-lines-count': { severity: 'error', message: 'gpio {name} names {lines} line(s) but has count {count}', doc: '`lines:` names every line of the group, so its length must equal `count`.' },
  'bitbang-i2c-bus': { severity: 'error', message: 'bitbang-i2c field {name} {detail}', doc: 'A bitbang-i2c state field drives one of the device\'s child buses: `bus:` names a `buses:` entry of kind i2c.' },
  'bitbang-i2c-field': { severity: 'error', message: 'bitbang-i2c field {name} {detail}', doc: 'A bitbang-i2c field is one run-time engine in the device state: no length, no reset, no callback, never migrated.' },
  'bus-not-bitbang': { severity: 'error', message: 'field {name} has `bus:` but is not a bitbang-i2c field', doc: 'Only bitbang-i2c fields drive a child bus.' },
  'vmstate-not-migrated': { severity: 'error', message: 'vmstate field {name} names state {field}, which {detail}', doc: 'State declared `migrate: false` (and every bitbang-i2c engine) is instance state only: the VMState may not name it.' },
  'behavior-file-missing': { severity: 'error', message: 'behaviour file {file} (named relative to the definition) does not exist{hint}', doc: 'The `behavior:` file of a definition must exist; generate and lint read it.' },
  // ---- CMSIS-SVD import (generator/src/import; `devgen import svd`) --------------------
  'svd-xml': { severity: 'error', message: 'not well-formed XML: {detail}', doc: 'The SVD file does not parse as XML.' },
  'svd-structure': { severity: 'error', message: '{what} {detail}', doc: 'An SVD element lacks a child the import needs, or a child has the wrong form.' },
  'svd-number': { severity: 'error', message: '{what} {text} is not an SVD number (decimal, 0x hex or #binary)', doc: 'SVD numbers are scaledNonNegativeInteger: decimal, 0x/0X hex or #binary, optionally with a k/M/G/T scale.' },
  'svd-access': { severity: 'error', message: 'field {name}: {detail} has no canonical access kind{hint}', doc: 'access, modifiedWriteValues and readAction must together name one of devgen\'s access kinds (generator/src/import/svd-access.ts); others are not guessed.' },
  'svd-derive-unknown': { severity: 'error', message: '{what} {name} is derivedFrom {base}, which is not declared{hint}', doc: 'derivedFrom names an earlier-declared peripheral, register, cluster or field (by name, or by a dotted path).' },
  'svd-derive-cycle': { severity: 'error', message: '{what} {name} is derived from itself ({chain})', doc: 'A chain of derivedFrom attributes must end at an element that derives from nothing.' },
  'svd-dim': { severity: 'error', message: '{what} {name}: {detail}', doc: 'A dim array needs dimIncrement, a name with %s or [%s], and as many dimIndex entries as dim.' },
  'svd-enum-value': { severity: 'warning', message: 'enumerated value {name} of field {field} {detail}; it is left out', doc: 'Enum values with don\'t-care bits, isDefault entries and values that do not fit the field have no devgen enum form.' },
  'svd-reset-mask': { severity: 'note', message: 'register {name} has no defined reset for bits {bits} (resetMask {mask}); they are imported as 0', doc: 'devgen registers have one reset value; bits the resetMask leaves undefined reset to 0.' },
  'svd-reset-outside-fields': { severity: 'warning', message: 'reset value {value} of register {name} sets bits {bits} that no field covers; they are dropped', doc: 'A devgen reset value only sets bits that belong to a field.' },
  'svd-unsupported': { severity: 'warning', message: '{what} is not imported: {reason}', doc: 'Parts of SVD devgen has no form for (write constraints, write-only enum sets, alternate registers) are named, not dropped silently.' },
  'svd-peripheral-unknown': { severity: 'error', message: 'the SVD declares no peripheral {name}{hint}; it declares: {known}', doc: '--peripheral names peripherals the SVD declares.' },
  'svd-patch-syntax': { severity: 'error', message: '{detail}', doc: 'A patch file is YAML in the manner of svdtools: mappings of _modify, _add, _delete, _derive, _array and name patterns.' },
  'svd-patch-key': { severity: 'error', message: 'unknown patch key {key} {where}{hint}', doc: 'Patch keys are _modify, _add, _delete, _derive and _array (with _registers, _interrupts and _peripherals groups), or name patterns.' },
  'svd-patch-no-match': { severity: 'error', message: '{what} pattern {pattern} matches nothing {where}', doc: 'Every name or pattern of a patch must match: a patch that changes nothing is a stale patch.' },
  'svd-patch-value': { severity: 'error', message: '{what} {detail}', doc: 'A patch value has the form svdtools gives it (a mapping of SVD element values, a list of names, a base name).' },
  // ---- QEMU C (emit/qemu-c, sema/check-qemu-behavior.ts) ------------------------------
  'qemu-c-unsupported': { severity: 'error', message: 'the qemu-c emitter cannot express {what} in QEMU C', doc: 'A definition part QEMU 10.0 has no C form for (a qdev property type, a VMState macro) stops the qemu-c emitter at that part.' },
  'qemu-c-keyword': { severity: 'error', message: '{what} {name} becomes the C member {ident}, a C keyword', doc: 'Members of the generated QEMU state struct are named after definition elements; a C keyword cannot be one.' },
  'qemu-behavior-file-missing': { severity: 'error', message: 'the C behaviour {file} of this qemu: section does not exist', doc: 'A device with a `qemu:` section has hand-written C behaviour beside its definition (<stem>.behavior.c, and <stem>.behavior.h when `behavior-header` is given).' },
  'qemu-hook-missing': { severity: 'error', message: 'the C behaviour {file} defines no function {name} ({what})', doc: 'Every hook the definition names is a C function of the behaviour (names/qemu-c-names.ts spells it); the generated source calls it.' },
  'qemu-hook-unknown': { severity: 'error', message: 'C function {name} looks like a hook of {device}, but the definition names no such hook{hint}', doc: 'A behaviour function with a hook\'s name that the definition does not ask for is never called by the generated source: a misspelt or stale hook.' },
  // ---- board definitions (generator/src/machine; defs/machines/*.machine.yaml) --------
  'machine-part-kind': { severity: 'error', message: 'this devices entry {detail}', doc: 'A `devices:` entry is a `device:` (modelled by devgen) or a `stand-in:` (not modelled), with the keys of its kind.' },
  'machine-unknown-type': { severity: 'error', message: 'unknown device type {type}{hint}; the loaded device definitions are: {loaded}', doc: 'A `device:` names the QOM type of a device definition under defs/ (use `stand-in:` for parts devgen does not model).' },
  'machine-stand-in-modelled': { severity: 'warning', message: 'stand-in {type} is a device devgen defines: make it a `device:` entry to get its behaviour', doc: 'A stand-in only records its inputs; a type devgen models should be a device.' },
  'machine-unknown-property': { severity: 'error', message: 'device {type} has no property {name}{hint}; its properties are: {known}', doc: 'Board properties are the qdev properties the device definition declares.' },
  'machine-property-value': { severity: 'error', message: 'property {name} of {type} {detail}', doc: 'A property value has the type and range the device definition declares.' },
  'machine-duplicate-name': { severity: 'error', message: '{what} {name} is declared twice (first at line {line})', doc: 'Part names, qdev ids and the GPIO list names of one stand-in are unique.' },
  'machine-unknown-part': { severity: 'error', message: '{what} names part {name}, which is not declared {where}{hint}', doc: 'Wires and buses refer to parts by the `name` of a `devices:` entry (a bus host must come first).' },
  'machine-unknown-gpio': { severity: 'error', message: '{end}: {part} ({type}) has no GPIO {what} {group}{hint}; it has: {known}', doc: 'A wire end names a GPIO group of the device definition, or a GPIO list of the stand-in.' },
  'machine-gpio-index': { severity: 'error', message: '{end}: {what} has {count} line(s), so line {index} does not exist', doc: 'Wire ends stay inside the GPIO group or list they name.' },
  'machine-gpio-direction': { severity: 'error', message: '{end} {detail}', doc: 'A wire runs from a device output to an input (of a device or a stand-in).' },
  'machine-wire-syntax': { severity: 'error', message: 'wire end {text} is not "PART.GROUP[N]", "PART.GROUP[FIRST..LAST]" or "PART[N]"{detail}', doc: 'Wire ends name a part, a GPIO group (none for a stand-in\'s unnamed list) and decimal line indexes.' },
  'machine-wire-count': { severity: 'error', message: 'this wire connects {from} output line(s) to {to} input line(s); both ends must name as many', doc: 'A wire connects lines one to one.' },
  'machine-mmio-index': { severity: 'error', message: '{type} {detail}', doc: 'MMIO bases are given per sysbus MMIO index of a sysbus device, for the regions its definition declares.' },
  'machine-mmio-overlap': { severity: 'error', message: '{what} at {range} overlaps {other} at {otherRange} (line {line}) at the same priority; a region over another needs a higher priority', doc: 'RAM regions and mapped regions of one priority do not overlap in an address space (the system memory or the I/O ports); a region that lies over another takes a higher `priority`, as QEMU subregions do.' },
  'machine-bus': { severity: 'error', message: '{type} {detail}', doc: 'A device sits on the bus its definition names: I2C slaves on an I2C bus of an earlier controller, sysbus devices on the system bus.' },
  'machine-bus-address': { severity: 'error', message: 'address {address} on bus {bus} is already taken by {other} (line {line})', doc: 'Two devices on one bus answer at different addresses: I2C slaves at their `address`, PCI functions at their `addr` (devfn).' },
  'machine-serial': { severity: 'error', message: '{detail}', doc: '`serial: N` binds serial port N to the chardev property of a device that has one, once per port.' },
  'machine-qom-path': { severity: 'error', message: 'QOM path {path} {detail}', doc: 'A part goes into /machine, its standard containers or an earlier part, at a path no other part takes.' },
  'machine-duplicate': { severity: 'error', message: 'machine {name} is also defined in {other}', doc: 'Each machine name is defined by one board file.' },
  // ---- QEMU install (devgen qemu install: generated/<dev>/qemu/manifest.json applied to a QEMU tree) ----
  'qemu-manifest-invalid': { severity: 'error', message: 'install manifest: {detail}', doc: 'generated/<dev>/qemu/manifest.json has the shape the qemu-c emitter writes (generator/src/emit/qemu-c/manifest.ts); regenerate it with `devgen generate`.' },
  'qemu-install-source-missing': { severity: 'error', message: '{file} does not exist{hint}', doc: 'Every file a manifest copies into QEMU exists in the project (generated files: run `devgen generate`; behaviour C files: written beside the definition).' },
  'qemu-install-target-missing': { severity: 'error', message: '{what} {file} does not exist in the QEMU tree {tree}', doc: 'A manifest edits files and fills folders QEMU 10.0\'s source tree has; a missing one means another tree or version.' },
  'qemu-meson-entry-missing': { severity: 'error', message: '{file} in the QEMU tree names no source {after}, so {add} cannot be added after it', doc: 'The meson.build edit adds the device\'s extra sources right after its existing source entry.' },
  'qemu-install-conflict': { severity: 'error', message: '{file} in the QEMU tree is written by both {device} and {other}', doc: 'Two devices\' manifests cannot both copy a file to the same place.' },
  // ---- lint (generator/src/lint/rules/<id>.rule.ts; severities are defaults, see devgen.config.yaml) ----
  'register-gap': { severity: 'warning', message: 'bytes {range} of region {region} belong to no register', doc: 'A hole in a region that no register covers; waive it with a reason when the hardware has one.' },
  'register-misaligned': { severity: 'error', message: '{what} at offset {offset} is not aligned to its {size}-byte access size', doc: 'Registers (and array elements) sit at a multiple of their own size.' },
  'register-wider-than-bus': { severity: 'warning', message: 'register {name} is {width} bits wide but region {region} accepts at most {max}-byte accesses', doc: 'A guest cannot reach the whole register in one access.' },
  'array-stride-mismatch': { severity: 'warning', message: 'register array {name} has stride {stride} but its elements are {size} bytes wide', doc: 'Sparse register arrays (stride larger than the element) usually hide a typo.' },
  'region-size-power-of-two': { severity: 'warning', message: 'region {name} has size {size}, which is not a power of two', doc: 'MMIO regions are normally a power of two bytes long, as the bus decodes them.' },
  'region-empty': { severity: 'warning', message: 'region {name} has no registers', doc: 'Every access to an empty region is a guest error; declare its registers or drop it.' },
  'field-write-no-effect': { severity: 'error', message: 'field {field} of register {name} is {access}, but the register has neither storage nor a write hook: writes are lost', doc: 'Writable access needs somewhere to put the value.' },
  'field-read-effect-no-storage': { severity: 'error', message: 'field {field} of register {name} is {access} (changes on read), but the register has neither storage nor a read hook', doc: 'Read side effects need stored state to act on.' },
  'hook-read-on-write-only': { severity: 'warning', message: 'register {name} has a read hook but every field is write-only', doc: 'A read hook on a write-only register is never meaningful.' },
  'hook-write-on-read-only': { severity: 'warning', message: 'register {name} has a {hook} hook but every field is read-only', doc: 'A write hook on a read-only register contradicts its access semantics.' },
  'ignore-writes-writable': { severity: 'error', message: 'register {name} has ignore-writes but field {field} is {access}', doc: '`ignore-writes` is for registers without writable bits.' },
  'reserved-field-writable': { severity: 'warning', message: 'reserved field {field} of register {name} is writable ({access})', doc: 'Reserved bits are normally read-only (RO) or read-as-zero.' },
  'enum-duplicate-value': { severity: 'error', message: 'enum values {name} and {other} of field {field} both have value {value}', doc: 'Each value of a field has one name.' },
  'field-reset-not-enum': { severity: 'warning', message: 'field {field} of register {name} resets to {value}, which none of its enum values names', doc: 'A field with enum values should reset to one of them.' },
  'irq-never-driven': { severity: 'warning', message: 'output {name} is never driven: the behaviour file does not mention {ident}', doc: 'A declared interrupt/GPIO output that no code sets stays low forever.' },
  'irq-input-unhandled': { severity: 'warning', message: 'input {name} is not handled: the behaviour file does not mention {ident}', doc: 'A declared GPIO input without a handler ignores every level change.' },
  'irq-status-without-enable': { severity: 'warning', message: 'register {name} looks like an interrupt status register, but the device has no enable or mask register or field', doc: 'Interrupt status bits normally come with an enable (or mask) bit.' },
  'vmstate-missing': { severity: 'warning', message: 'device {name} has run-time state but no vmstate: it cannot migrate', doc: 'A device with state needs a migration description.' },
  'vmstate-state-not-migrated': { severity: 'warning', message: 'state {name} is not covered by the vmstate', doc: 'Every run-time state field is migrated, or it is lost on the destination.' },
  'vmstate-duplicate-field': { severity: 'error', message: 'state {name} is migrated twice ({first} and {second})', doc: 'A state field belongs to exactly one migrated section.' },
  'vmstate-needed-hook-missing': { severity: 'error', message: 'subsection {name} is needed when hook {hook} says so, but the behaviour file does not define it', doc: 'A `needed: {hook}` condition must be implemented by the behaviour.' },
  'vmstate-subsection-name': { severity: 'error', message: 'subsection {name} must be named {prefix} followed by a name', doc: 'QEMU matches subsections by a name that starts with the parent section name and a slash.' },
  'vmstate-since-redundant': { severity: 'warning', message: 'field {name} is added in version {since}, but {section} accepts no stream older than version {min}', doc: '`since` at or below minimum-version has no effect.' },
  // Migration compatibility with the vmstate baseline: the verdicts vmstate-diff gives too.
  'vmstate-field-added-without-version': { severity: 'error', message: 'field {name} is new in {section}, but old sources do not send it: {why}; {fix}', doc: 'A new migrated field needs a version bump with `since`, or a new subsection (compared with the vmstate baseline).' },
  'vmstate-field-removed': { severity: 'error', message: 'field {name} ({size}) is gone from {section}, but old sources still send it: the destination misreads what follows', doc: 'Removing a migrated field breaks loading streams that carry it.' },
  'vmstate-field-renamed': { severity: 'warning', message: 'field {name} of {section} is now named {to}: names are not sent, so the same {size} still load (check that it means the same; no version bump is needed)', doc: 'A rename at the same place with the same size is wire-compatible; only its meaning can differ.' },
  'vmstate-field-resized': { severity: 'error', message: 'field {name} of {section} changed from {from} to {to}: old streams no longer line up', doc: 'A migrated field keeps its size and element count.' },
  'vmstate-field-replaced': { severity: 'error', message: 'field {name} ({size}) of {section} was replaced by {to} ({toSize}): old streams no longer line up', doc: 'A field replaced by one of another size breaks loading old streams.' },
  'vmstate-field-type-changed': { severity: 'error', message: 'field {name} of {section} {detail}: old streams no longer line up', doc: 'A migrated field stays a struct, or stays a plain value.' },
  'vmstate-field-version-raised': { severity: 'error', message: 'field {name} of {section} now starts at version {since}, so loading a version {version} stream skips it although the stream carries it', doc: 'Raising a field\'s `since` above the old version makes old streams misread.' },
  'vmstate-fields-reordered': { severity: 'error', message: 'the fields of {section} changed order ({from} became {to}): old streams no longer line up', doc: 'Migrated fields keep their order: the stream has no names to sort them by.' },
  'vmstate-version-window': { severity: 'error', message: '{section} now loads versions {min} to {max}, so streams of the old version {version} are refused', doc: 'A section or subsection keeps accepting the version old sources send.' },
  'vmstate-subsection-removed': { severity: 'error', message: 'subsection {name} is gone from {section}: a stream that carries it fails to load', doc: 'The destination must know every subsection an old source may send.' },
  'vmstate-description-renamed': { severity: 'error', message: 'vmstate {name} is now named {to}: streams name their section, so the destination does not find it', doc: 'A section keeps its name: it identifies the section in the stream.' },
  'vmstate-section-removed': { severity: 'error', message: 'device type {name} no longer migrates: a stream that carries its section cannot be loaded', doc: 'A device type that migrated keeps a vmstate.' },
  'name-qom-type': { severity: 'error', message: '{what} {name} is not a QOM type name: use lower-case letters, digits, \'-\' or \'_\' (and \'.\' as in vendor prefixes)', doc: 'QOM type names are lower-case, as in "pl011" or "sys-bus-device".' },
  'name-register-case': { severity: 'warning', message: 'register {name} is not UPPER_CASE', doc: 'Register names are written as in datasheets and QEMU REG32(): upper-case with underscores.' },
  'name-field-case': { severity: 'warning', message: 'field {name} of register {register} is not UPPER_CASE', doc: 'Field names follow QEMU FIELD(): upper-case with underscores.' },
  'name-enum-case': { severity: 'warning', message: 'enum value {name} of field {field} is not UPPER_CASE', doc: 'Enum value names are upper-case constants.' },
  'name-property-kebab': { severity: 'warning', message: 'property {name} is not kebab-case', doc: 'qdev property names are lower-case words joined by \'-\'.' },
  'name-state-snake': { severity: 'warning', message: 'state {name} is not snake_case', doc: 'State fields are named like the C struct fields QEMU migrates: lower-case with \'_\'.' },
  'name-trace-event': { severity: 'warning', message: 'trace event {name} should be snake_case and start with {prefix}', doc: 'QEMU trace events are named <device>_<event> in snake_case.' },
  'name-register-prefix': { severity: 'warning', message: 'register {name} repeats the device name {device} as a prefix', doc: 'Register names are already scoped by their device (SVDConv M303).' },
  'doc-missing-description': { severity: 'warning', message: '{what} {name} has no description', doc: 'Everything a user can see is described (generated docs and JSDoc come from it).' },
  'doc-description-is-name': { severity: 'warning', message: 'the description of {what} {name} only repeats its name', doc: 'A description says more than the name does.' },
  'trace-event-unused': { severity: 'warning', message: 'trace event {name} is never emitted: the behaviour file does not mention it', doc: 'A declared trace event that no code calls is dead.' },
  'trace-format-args': { severity: 'error', message: 'trace event {name} has {conversions} conversion(s) in its format but {args} argument(s)', doc: 'Each argument of a trace event is printed by one % conversion.' },
  'property-unused': { severity: 'warning', message: 'property {name} is never used: no hook, condition or behaviour refers to it', doc: 'A property nothing reads has no effect.' },
  // ---- lint waivers ------------------------------------------------------------------
  'lint-waiver-reason': { severity: 'error', message: 'waiver of {rules} has no reason: write `-- <why>` after the rule ids', doc: 'Every inline waiver says why the rule does not apply.' },
  'lint-waiver-unknown-rule': { severity: 'error', message: 'waiver names unknown lint rule {rule}{hint}', doc: 'A waiver names rule ids of `devgen lint`.' },
  'lint-waiver-unused': { severity: 'warning', message: 'waiver of {rule} suppresses nothing', doc: 'A waiver that no longer matches a diagnostic is stale; remove it.' },
  // ---- migration compatibility that only whole dumps show (vmstate-diff) -------------
  'vmstate-field-added-versioned': { severity: 'note', message: 'field {name} is new in {section} and only read from streams of version {since} or later', doc: 'A new field with a version bump and `since` is compatible.' },
  'vmstate-unused-replaced': { severity: 'note', message: '{from} of {section} became {to}: the same {size} bytes on the wire', doc: 'Padding may be split or replaced by fields of the same total size.' },
  'vmstate-subsection-added': { severity: 'note', message: 'subsection {name} of {section} is new: old sources never send it', doc: 'A new subsection is compatible: an old source never sends it.' },
  'vmstate-struct-renamed': { severity: 'note', message: 'struct description {name} is now named {to}: nested descriptions are not named on the wire', doc: 'The name of a nested struct description is not part of the stream.' },
  'vmstate-section-added': { severity: 'note', message: 'device type {name} is new', doc: 'A new device type is compatible: old sources never send its section.' },
  'vmstate-section-renamed': { severity: 'warning', message: 'device type {name} is now {to} with the same description: its stream still loads, but a command line that names {name} must change', doc: 'Streams name the section, not the device type; the configuration does name the type.' },
  'vmstate-machine-changed': { severity: 'warning', message: 'the dumps come from different machine types ({from} and {to})', doc: 'Migration is between two runs of the same machine type.' },
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
