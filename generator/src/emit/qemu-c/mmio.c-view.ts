/**
 * The MMIO part of a generated QEMU device source: per region a read and a write function
 * (a `switch (offset)` over the registers, block elements in a function of their own) and the
 * MemoryRegionOps. The plans are the runtime's (runtime/src/device/register-semantics.ts): a
 * read goes to the read hook, logs a write-only register, returns the reset constant or the
 * stored value (side effects applied); a write goes to the write hook (then post-write),
 * is dropped or logged for read-only registers, or applies the write formula to storage (then
 * post-write). 64-bit registers answer as two 32-bit lanes or whole, like the runtime's.
 * Offsets no register claims are guest errors, logged and answered with the region's
 * bad-offset value. A region with a post-write hook calls it after every write, whatever the
 * offset decoded to.
 */
import { hasWriteEffect, registerMasks } from '../../ir/access-semantics.ts';
import type { RegionIR, RegisterBlockIR, RegisterIR, ValueExprNodeIR } from '../../ir/ir.ts';
import {
  cHookName, cMember, cRegisterStem, cBlockStem, cRepeatConsts, cResetValueFn, cValuesTable, cVariantMember, cVariantNames, qemuCNames, variantRegisterSet, type QemuCNames,
} from '../../names/qemu-c-names.ts';
import { variantRegisters } from '../../ir/variants.ts';
import { regionHookName, registerHookName } from '../../names/device-names.ts';
import { cHex, cString, cUnsigned } from './c-literals.ts';
import { formulaMasks, formulaStatements, hasReadSideEffects, readValueExpr, READ_SIDE_EFFECTS, WRITE_FORMULA } from './formula.c-view.ts';
import { cDocComment, prototypeLines, type QemuDevice } from './c-literals.ts';

const cDoc = (text: string): string[] => cDocComment(text, '');

/** Internal C names of the MMIO functions of a region. */
export function mmioFunctionNames(names: QemuCNames, device: QemuDevice, region: RegionIR): { read: string; write: string; regName: string } {
  const base = device.regions.length === 1 ? names.prefix : `${names.prefix}_${cMember(region.name)}`;
  return { read: `${base}_mmio_read`, write: `${base}_mmio_write`, regName: `${base}_register_name` };
}

/** Internal C names of a block's element functions. */
function blockFunctionNames(names: QemuCNames, block: RegisterBlockIR): { read: string; write: string } {
  const base = `${names.prefix}_${cMember(block.name)}_block`;
  return { read: `${base}_read`, write: `${base}_write` };
}

/** C of a value expression (`reset: {expr}`) in uint64_t over the property members. */
export function exprC(device: QemuDevice, n: ValueExprNodeIR): string {
  switch (n.kind) {
    case 'int': return n.value < 0n ? `(uint64_t)(${n.value}LL)` : n.value < 256n ? `${n.value}ULL` : `${cHex(n.value)}ULL`;
    case 'property': {
      const p = device.properties.find((x) => x.name === n.property);
      return `(uint64_t)${p?.inherited ? 'I2C_SLAVE(s)->address' : `s->${cMember(n.property)}`}`;
    }
    case 'unary': return `(${n.op}${exprC(device, n.operand)})`;
    case 'binary': return `(${exprC(device, n.left)} ${n.op} ${exprC(device, n.right)})`;
  }
}

/** The reset value of a register element as C, narrowed to the register width. */
export function resetValueC(device: QemuDevice, reg: RegisterIR, index: number, block?: RegisterBlockIR): string {
  if (reg.resetExpr !== undefined) return `${cResetValueFn(qemuCNames(device), reg, block)}(s)`;
  const v = reg.resets[index] ?? reg.resets[0] ?? 0n;
  return cUnsigned(v, reg.width > 32 ? 64 : 32);
}

/** The reset-value functions of the registers with a reset expression (public: the header declares them). */
export function resetValueFns(device: QemuDevice): { proto: string[]; body: string[] } {
  const names = qemuCNames(device);
  const regs = [...device.registers.map((r) => ({ r, b: undefined as RegisterBlockIR | undefined })), ...device.blocks.flatMap((b) => b.registers.map((r) => ({ r, b })))];
  const proto: string[] = [];
  const body: string[] = [];
  for (const { r, b } of regs) {
    if (r.resetExpr === undefined) continue;
    const t = r.width === 64 ? 'uint64_t' : 'uint32_t';
    const fn = cResetValueFn(names, r, b);
    const e = exprC(device, r.resetExpr.root);
    proto.push(...prototypeLines(t, fn, [`${names.struct} *s`]));
    body.push(...prototypeLines(t, fn, [`${names.struct} *s`], ''), '{',
      `    return ${r.width === 64 ? e : `(${e}) & ${cUnsigned((1n << BigInt(r.width)) - 1n, 32)}`};`, '}', '');
  }
  return { proto, body };
}

/** Where a register element's value lives, as a C lvalue (undefined: no storage). */
export function storageC(reg: RegisterIR, block: RegisterBlockIR | undefined, index: string): string | undefined {
  if (reg.storage === undefined) return undefined;
  if (block !== undefined) return `s->${cMember(block.state ?? '')}[${index}].${cMember(reg.storage)}`;
  if (reg.array !== undefined) return `s->${cMember(reg.storage)}[${index}]`;
  return `s->${cMember(reg.storage)}`;
}

/** The per-register shape the plans depend on (the runtime's RegisterShape and flags). */
function shape(reg: RegisterIR) {
  const m = registerMasks(reg);
  return {
    readHook: reg.hooks.includes('read'), writeHook: reg.hooks.includes('write'), post: reg.hooks.includes('post-write'),
    writeOnly: m.readMask === 0n && !reg.hooks.includes('read'),
    readOnly: !hasWriteEffect(m) && !reg.hooks.includes('write'),
  };
}

/** The case labels of a register (an array: all its elements) at `base` + its offset. */
function caseLabel(stem: string, reg: RegisterIR): string {
  const bytes = reg.width / 8;
  const span = reg.array === undefined ? 0 : (reg.array.count - 1) * reg.array.stride;
  const last = reg.decode === 'exact' ? span : span + bytes - 1;
  return last === 0 ? `case A_${stem}:` : `case A_${stem} ... A_${stem} + ${cHex(last)}:`;
}

const indent = (lines: readonly string[], by = '    '): string[] => lines.map((l) => (l === '' ? '' : `${by}${l}`));

/** Hook call arguments: the state, then the element index when the register has one. */
function hookArgs(reg: RegisterIR, block: RegisterBlockIR | undefined, rest: readonly string[]): string {
  return ['s', ...(reg.array !== undefined || block !== undefined ? ['index'] : []), ...rest].join(', ');
}

/** Statements selecting the element (`index`) and rejecting offsets between elements. */
function elementPrelude(stem: string, reg: RegisterIR, badCall: string): string[] {
  if (reg.array === undefined) return [];
  const c = cRepeatConsts(stem);
  const out = [`index = (offset - A_${stem}) / ${c.stride};`];
  const bytes = reg.width / 8;
  if (reg.decode === 'exact') out.push(`if ((offset - A_${stem}) % ${c.stride} != 0) {`, `    ${badCall}`, '    break;', '}');
  else if (reg.array.stride > bytes) out.push(`if ((offset - A_${stem}) % ${c.stride} >= ${bytes}) {`, `    ${badCall}`, '    break;', '}');
  return out;
}

/** The read statements of one register (inside its case), setting `value`. */
function readCase(names: QemuCNames, device: QemuDevice, reg: RegisterIR, block: RegisterBlockIR | undefined, stem: string, off: string): string[] {
  const sh = shape(reg);
  const masks = formulaMasks(reg);
  const bad = `value = ${badReadCall(names, 'offset')};`;
  const wide = reg.width === 64;
  const out: string[] = block === undefined ? elementPrelude(stem, reg, bad) : [];
  const idx = reg.array !== undefined || block !== undefined ? 'index' : '';
  let whole: string;
  if (sh.readHook) {
    whole = `${cHookName(names, { name: registerHookName(reg, 'read', block) })}(${hookArgs(reg, block, [])})`;
  } else if (sh.writeOnly) {
    out.push(`value = ${names.prefix}_write_only_read(${nameExpr(reg, block, stem)}, ${off});`, 'break;');
    return wrapWide(out, wide, stem, off, bad);
  } else {
    const st = storageC(reg, block, idx);
    if (st === undefined) {
      whole = constRead(device, reg, masks);
    } else if (hasReadSideEffects(masks)) {
      const t = wide ? 'uint64_t' : 'uint32_t';
      out.push(`{`, `    ${t} n = ${st};`, '', `    value = ${readValueExpr(masks, reg.width, 'n')};`, ...indent(formulaStatements(READ_SIDE_EFFECTS, masks, reg.width, 'n', '0')), `    ${st} = n;`, '}');
      whole = '';
    } else {
      whole = readValueExpr(masks, reg.width, st);
    }
  }
  if (whole !== '') out.push(`value = ${whole};`);
  if (wide) {
    // A 32-bit lane at +4 reads the high half; the memory core keeps the access's bytes.
    out.push('value >>= rel * 8;');
  }
  out.push('break;');
  return wrapWide(out, wide, stem, off, bad);
}

/**
 * The constant a register without storage or read hook answers (its reset value's readable
 * bits); a register the device's variants change answers the table of the instance's type.
 */
function constRead(device: QemuDevice, reg: RegisterIR, masks: ReturnType<typeof formulaMasks>): string {
  if (reg.resetExpr !== undefined) return readValueExpr(masks, reg.width, resetValueC(device, reg, 0));
  if (variantRegisterSet(device).includes(reg)) return `s->${cVariantMember(reg)}[${reg.array === undefined ? '0' : 'index'}]`;
  if (reg.array !== undefined && !reg.resets.every((r) => r === reg.resets[0])) {
    return `${cValuesTable(qemuCNames(device), reg)}[index]`;
  }
  const v = (reg.resets[0] ?? 0n) & masks.readMask;
  return cUnsigned(v, reg.width > 32 ? 64 : 32);
}

/** For 64-bit registers: the lane offset check around the statements. */
function wrapWide(body: string[], wide: boolean, stem: string, off: string, bad: string): string[] {
  if (!wide) return body;
  return [`rel = ${off} - A_${stem};`, 'if (rel != 0 && rel != 4) {', `    ${bad}`, '    break;', '}', ...body];
}

/** The element name a trace or log message shows (`DR`, `PeriphID[2]`, `T[1].CONF`). */
function nameExpr(reg: RegisterIR, block: RegisterBlockIR | undefined, stem: string): string {
  if (reg.array === undefined && block === undefined) return cString(reg.name);
  return `${cMember(stem)}_names[index]`;
}

/** The call logging a bad-offset read and giving its answer. */
function badReadCall(names: QemuCNames, off: string): string {
  return `${names.prefix}_bad_offset_read(${off})`;
}

/** The write statements of one register (inside its case). */
function writeCase(names: QemuCNames, device: QemuDevice, reg: RegisterIR, block: RegisterBlockIR | undefined, stem: string, off: string): string[] {
  const sh = shape(reg);
  const masks = formulaMasks(reg);
  const bad = `${names.prefix}_bad_offset_write(offset, value);`;
  const wide = reg.width === 64;
  const out: string[] = block === undefined ? elementPrelude(stem, reg, bad) : [];
  if (reg.partialWrites === 'ignore' && !wide) {
    // Only a write of the whole register at its own offset reaches it (QEMU's `addr != 0 || len != 4`).
    const within = block === undefined && reg.array !== undefined ? `(offset - A_${stem}) % ${cRepeatConsts(stem).stride} != 0` : `${off} != A_${stem}`;
    out.push(`if (${within} || size != ${reg.width / 8}) {`, '    break;', '}');
  }
  const idx = reg.array !== undefined || block !== undefined ? 'index' : '';
  const st = storageC(reg, block, idx);
  const [o, nn] = wide ? ['old64', 'n64'] : ['old', 'n'];
  const v = wide ? 'v' : '(uint32_t)value';
  // The bits this access writes: a 32-bit lane at +0 or +4, or the whole register.
  if (wide && (sh.writeHook || (!sh.readOnly && st !== undefined))) out.push('lane = MAKE_64BIT_MASK(rel * 8, MIN(size * 8, 64 - rel * 8));', 'v = (value << (rel * 8)) & lane;');
  if (sh.writeHook) {
    const hook = cHookName(names, { name: registerHookName(reg, 'write', block) });
    const args = hookArgs(reg, block, wide ? ['v', 'lane'] : [v]);
    if (!sh.post) out.push(`${hook}(${args});`);
    else {
      const post = cHookName(names, { name: registerHookName(reg, 'post-write', block) });
      out.push(`${o} = ${st ?? '0'};`, `${hook}(${args});`, `${post}(${hookArgs(reg, block, [o, st ?? v])});`);
    }
  } else if (sh.readOnly || st === undefined) {
    if (!reg.ignoreWrites) {
      out.push(`${names.prefix}_read_only_write(${nameExpr(reg, block, stem)}, ${off}, value);`);
    }
  } else {
    const steps = formulaStatements(WRITE_FORMULA, masks, reg.width, nn, v, wide ? 'lane' : undefined);
    // A first step replacing every bit makes the old value irrelevant to the new one.
    const fromOld = steps[0] === `${nn} = ${v};` ? [] : [`${nn} = ${o};`];
    out.push(`${o} = ${st};`, ...fromOld, ...steps, `${st} = ${nn};`);
    if (sh.post) out.push(`${cHookName(names, { name: registerHookName(reg, 'post-write', block) })}(${hookArgs(reg, block, [o, nn])});`);
  }
  out.push('break;');
  return wrapWide(out, wide, stem, off, bad);
}

/** Static tables a region's functions use: element names and per-element constants. */
function tables(names: QemuCNames, device: QemuDevice, regs: readonly { reg: RegisterIR; block: RegisterBlockIR | undefined }[]): string[] {
  const out: string[] = [];
  for (const { reg, block } of regs) {
    const stem = cRegisterStem(names, reg, block);
    const count = block?.count ?? reg.array?.count;
    if (count === undefined) continue;
    const label = (i: number): string => (block ? `${block.name}[${i}].${reg.name}` : `${reg.name}[${i}]`);
    out.push(`static const char *const ${cMember(stem)}_names[] = {`, ...Array.from({ length: count }, (_, i) => `    ${cString(label(i))},`), '};', '');
    const sh = shape(reg);
    const varies = variantRegisterSet(device).includes(reg);
    if (block === undefined && reg.storage === undefined && !sh.readHook && !sh.writeOnly && reg.resetExpr === undefined && (varies || !reg.resets.every((r) => r === reg.resets[0]))) {
      out.push(...valuesTable(reg, cValuesTable(names, reg), reg.resets));
    }
    // Each variant's own values of the register, which its instance_init points the state at.
    for (const v of varies ? device.variants : []) {
      const mine = variantRegisters(device, v).find((x) => x.register === reg);
      if (mine !== undefined) out.push(...valuesTable(reg, cVariantNames(v).table(reg), mine.values));
    }
  }
  return out;
}

/** A static table of a constant register's readable values, one per element. */
function valuesTable(reg: RegisterIR, name: string, values: readonly bigint[]): string[] {
  const masks = formulaMasks(reg);
  const bits = reg.width > 32 ? 64 : 32;
  return [`static const ${bits === 64 ? 'uint64_t' : 'uint32_t'} ${name}[] = {`, ...values.map((r) => `    ${cUnsigned(r & masks.readMask, bits)},`), '};', ''];
}

/** The locals the write cases of `regs` use (each declared only when a case uses it). */
function writeVars(regs: readonly RegisterIR[]): string[] {
  const usesOld = (r: RegisterIR): boolean => {
    const sh = shape(r);
    return sh.writeHook ? sh.post : !sh.readOnly && r.storage !== undefined;
  };
  const usesN = (r: RegisterIR): boolean => !shape(r).writeHook && !shape(r).readOnly && r.storage !== undefined;
  const out: string[] = [];
  const wide = regs.filter((r) => r.width === 64);
  const narrow = regs.filter((r) => r.width !== 64);
  if (wide.length > 0) {
    out.push('hwaddr rel;', 'uint64_t lane, v;');
    const v = [...(wide.some(usesOld) ? ['old'] : []), ...(wide.some(usesN) ? ['n'] : [])];
    if (v.length > 0) out.push(`uint64_t ${v.map((x) => `${x}64`).join(', ')};`);
  }
  const v = [...(narrow.some(usesOld) ? ['old'] : []), ...(narrow.some(usesN) ? ['n'] : [])];
  if (v.length > 0) out.push(`uint32_t ${v.join(', ')};`);
  return out;
}

/** Whether a register's cases use the locals of 64-bit lane handling. */
const anyWide = (regs: readonly RegisterIR[]): boolean => regs.some((r) => r.width === 64);

/** The element functions of a block: the limit check, then a switch over its registers. */
function blockC(names: QemuCNames, device: QemuDevice, b: RegisterBlockIR): string[] {
  const S = names.struct;
  const bf = blockFunctionNames(names, b);
  const c = cRepeatConsts(cBlockStem(names, b));
  const limit = b.limit === undefined ? undefined : `s->${cMember(b.limit.property)}`;
  const absent = limit === undefined ? undefined : b.limit!.inclusive ? `index > ${limit}` : `index >= ${limit}`;
  const wide = anyWide(b.registers);
  const out: string[] = [];
  out.push(...cDoc(`Block ${b.name}: element index (below ${c.count}), rel_offset inside the element.`));
  out.push(...prototypeLines('static uint64_t', bf.read, [`${S} *s`, 'unsigned index', 'hwaddr rel_offset', 'hwaddr offset'], ''), '{', '    uint64_t value;', ...(wide ? ['    hwaddr rel;'] : []), '');
  if (absent !== undefined) out.push(`    if (${absent}) {`, `        return ${badReadCall(names, 'offset')};`, '    }');
  out.push('    switch (rel_offset) {');
  for (const reg of b.registers) {
    const stem = cRegisterStem(names, reg, b);
    out.push(`    ${caseLabel(stem, reg)}`, ...indent(readCase(names, device, reg, b, stem, 'rel_offset'), '        '));
  }
  out.push('    default:', `        value = ${badReadCall(names, 'offset')};`, '        break;', '    }', '    return value;', '}', '');
  out.push(...prototypeLines('static void', bf.write, [`${S} *s`, 'unsigned index', 'hwaddr rel_offset', 'hwaddr offset', 'uint64_t value', 'unsigned size'], ''), '{', ...indent(writeVars(b.registers)), '');
  if (absent !== undefined) out.push(`    if (${absent}) {`, `        ${names.prefix}_bad_offset_write(offset, value);`, '        return;', '    }');
  out.push('    switch (rel_offset) {');
  for (const reg of b.registers) {
    const stem = cRegisterStem(names, reg, b);
    out.push(`    ${caseLabel(stem, reg)}`, ...indent(writeCase(names, device, reg, b, stem, 'rel_offset'), '        '));
  }
  out.push('    default:', `        ${names.prefix}_bad_offset_write(offset, value);`, '        break;', '    }', '}', '');
  return out;
}

/** The statements handing an offset inside a block to the block's element function. */
function blockDispatch(names: QemuCNames, blocks: readonly RegisterBlockIR[], kind: 'read' | 'write'): string[] {
  return blocks.flatMap((b) => {
    const bf = blockFunctionNames(names, b);
    const c = cRepeatConsts(cBlockStem(names, b));
    const fn = kind === 'read' ? bf.read : bf.write;
    const args = [`s`, `(offset - ${c.offset}) / ${c.stride}`, `(offset - ${c.offset}) % ${c.stride}`, 'offset', ...(kind === 'write' ? ['value', 'size'] : [])];
    const call = prototypeLines(kind === 'read' ? 'return' : '', fn, args, ';');
    return [
      ...(b.offset === 0 ? [`    if (offset < ${c.offset} + ${c.count} * ${c.stride}) {`] : [`    if (offset >= ${c.offset} &&`, `        offset < ${c.offset} + ${c.count} * ${c.stride}) {`]),
      ...indent(call, '        '),
      ...(kind === 'write' ? ['        return;'] : []),
      '    }',
    ];
  });
}

/**
 * A region trace call; the register name is looked up only when the event is enabled, so an
 * untraced access costs no more than the dispatch.
 */
function traceCall(event: string, regName: string): string[] {
  return [`    if (trace_event_get_state_backends(TRACE_${event.toUpperCase()})) {`, `        trace_${event}(offset, value, ${regName}(offset));`, '    }'];
}

/** The C of one region: tables, block functions, read, write, the register-name helper and the ops. */
export function regionC(names: QemuCNames, device: QemuDevice, region: RegionIR): string[] {
  const fn = mmioFunctionNames(names, device, region);
  const S = names.struct;
  const regs = device.registers.filter((r) => r.region === region.name);
  const blocks = device.blocks.filter((b) => b.region === region.name);
  const all = [...regs.map((reg) => ({ reg, block: undefined as RegisterBlockIR | undefined })), ...blocks.flatMap((block) => block.registers.map((reg) => ({ reg, block })))];
  const out: string[] = [...tables(names, device, all)];
  for (const b of blocks) out.push(...blockC(names, device, b));
  const trace = region.trace;
  if (trace !== undefined) out.push(...registerNameFn(names, fn.regName, regs, blocks));

  const index = regs.some((r) => r.array !== undefined) ? ['unsigned index;'] : [];
  const readLocals = ['uint64_t value;', ...index, ...(anyWide(regs) ? ['hwaddr rel;'] : [])];
  const readBody: string[] = [...blockDispatch(names, blocks, 'read'), '    switch (offset) {'];
  for (const reg of regs) {
    const stem = cRegisterStem(names, reg, undefined);
    readBody.push(`    ${caseLabel(stem, reg)}`, ...indent(readCase(names, device, reg, undefined, stem, 'offset'), '        '));
  }
  readBody.push('    default:', `        value = ${badReadCall(names, 'offset')};`, '        break;', '    }', '    return value;', '}', '');
  if (trace?.read !== undefined) {
    // A traced region reads through a plain dispatch function, so every answer is traced once.
    out.push(...prototypeLines('static uint64_t', `${fn.read}_register`, [`${S} *s`, 'hwaddr offset'], ''), '{', ...indent(readLocals), '', ...readBody);
    out.push(...prototypeLines('static uint64_t', fn.read, ['void *opaque', 'hwaddr offset', 'unsigned size'], ''), '{', `    ${S} *s = opaque;`, '    uint64_t value;', '',
      `    value = ${fn.read}_register(s, offset);`, ...traceCall(trace.read, fn.regName), '    return value;', '}', '');
  } else {
    out.push(...prototypeLines('static uint64_t', fn.read, ['void *opaque', 'hwaddr offset', 'unsigned size'], ''), '{', `    ${S} *s = opaque;`, ...indent(readLocals), '', ...readBody);
  }

  const writeBody: string[] = [...blockDispatch(names, blocks, 'write'), '    switch (offset) {'];
  for (const reg of regs) {
    const stem = cRegisterStem(names, reg, undefined);
    writeBody.push(`    ${caseLabel(stem, reg)}`, ...indent(writeCase(names, device, reg, undefined, stem, 'offset'), '        '));
  }
  writeBody.push('    default:', `        ${names.prefix}_bad_offset_write(offset, value);`, '        break;', '    }', '}', '');
  const writeArgs = ['void *opaque', 'hwaddr offset', 'uint64_t value', 'unsigned size'];
  if (region.hooks.includes('post-write')) {
    // The region hook follows every write, whatever the offset decoded to (QEMU code after the
    // write switch): the decode is a function of its own, whose early returns cannot skip it.
    const post = cHookName(names, { name: regionHookName(region, 'post-write') });
    const locals = [...index, ...writeVars(regs)];
    out.push(...prototypeLines('static void', `${fn.write}_register`, [`${S} *s`, 'hwaddr offset', 'uint64_t value', 'unsigned size'], ''), '{',
      ...(locals.length > 0 ? [...indent(locals), ''] : []), ...writeBody);
    out.push(...prototypeLines('static void', fn.write, writeArgs, ''), '{', `    ${S} *s = opaque;`, '');
    if (trace?.write !== undefined) out.push(...traceCall(trace.write, fn.regName));
    out.push(`    ${fn.write}_register(s, offset, value, size);`, `    ${post}(s, offset, size);`, '}', '');
  } else {
    out.push(...prototypeLines('static void', fn.write, writeArgs, ''), '{', `    ${S} *s = opaque;`, ...indent([...index, ...writeVars(regs)]), '');
    if (trace?.write !== undefined) out.push(...traceCall(trace.write, fn.regName));
    out.push(...writeBody);
  }

  const e = { native: 'DEVICE_NATIVE_ENDIAN', little: 'DEVICE_LITTLE_ENDIAN', big: 'DEVICE_BIG_ENDIAN' }[region.endianness];
  const win = (w: RegionIR['valid']): string[] => [`.min_access_size = ${w.min},`, `.max_access_size = ${w.max},`, `.unaligned = ${w.unaligned},`];
  out.push(`static const MemoryRegionOps ${names.ops(region.name, device.regions.length)} = {`, `    .read = ${fn.read},`, `    .write = ${fn.write},`, `    .endianness = ${e},`,
    '    .valid = {', ...indent(win(region.valid), '        '), '    },', '    .impl = {', ...indent(win(region.impl), '        '), '    },', '};', '');
  return out;
}

/** The helper naming the register element at an offset, for trace events (`UNKNOWN` elsewhere). */
function registerNameFn(names: QemuCNames, fn: string, regs: readonly RegisterIR[], blocks: readonly RegisterBlockIR[]): string[] {
  const out = [`static const char *${fn}(hwaddr offset)`, '{'];
  if (blocks.length > 0) out.push('    hwaddr rel;', '');
  for (const b of blocks) {
    const c = cRepeatConsts(cBlockStem(names, b));
    out.push(`    if (${b.offset === 0 ? '' : `offset >= ${c.offset} && `}offset < ${c.offset} + ${c.count} * ${c.stride}) {`, `        rel = (offset - ${c.offset}) % ${c.stride};`);
    for (const reg of b.registers) {
      const stem = cRegisterStem(names, reg, b);
      const lo = reg.offset === 0 ? '' : `rel >= A_${stem} && `;
      out.push(`        if (${lo}rel < A_${stem} + ${reg.width / 8}) {`, `            return ${cMember(stem)}_names[(offset - ${c.offset}) / ${c.stride}];`, '        }');
    }
    out.push('        return "UNKNOWN";', '    }');
  }
  out.push('    switch (offset) {');
  for (const reg of regs) {
    const stem = cRegisterStem(names, reg, undefined);
    const bytes = reg.width / 8;
    const label = reg.array === undefined ? (bytes === 1 ? `case A_${stem}:` : `case A_${stem} ... A_${stem} + ${cHex(bytes - 1)}:`) : caseLabel(stem, { ...reg, decode: 'covering' });
    if (reg.array === undefined) {
      out.push(`    ${label}`, `        return ${cString(reg.name)};`);
      continue;
    }
    const c = cRepeatConsts(stem);
    out.push(`    ${label}`, `        if ((offset - A_${stem}) % ${c.stride} < ${bytes}) {`, `            return ${cMember(stem)}_names[(offset - A_${stem}) / ${c.stride}];`, '        }', '        break;');
  }
  out.push('    }', '    return "UNKNOWN";', '}', '');
  return out;
}

/** Whether any register of the device has the read plan `write-only` / the write plan `read-only` (logged). */
function logPlans(device: QemuDevice): { writeOnly: boolean; readOnly: boolean } {
  const regs = [...device.registers, ...device.blocks.flatMap((b) => b.registers)];
  return {
    writeOnly: regs.some((r) => shape(r).writeOnly),
    readOnly: regs.some((r) => !shape(r).writeHook && (shape(r).readOnly || r.storage === undefined) && !r.ignoreWrites),
  };
}

/** The shared bad-offset helpers of a device with registers. */
export function badOffsetC(names: QemuCNames, device: QemuDevice): string[] {
  const region = device.regions[0];
  const bad = region?.badOffsetRead ?? 0n;
  const plans = logPlans(device);
  return [
    `static uint64_t ${names.prefix}_bad_offset_read(hwaddr offset)`, '{',
    `    qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\\n",`, `                  ${cString(device.name)}, offset);`,
    `    return ${cUnsigned(bad, 32)};`, '}', '',
    `static void ${names.prefix}_bad_offset_write(hwaddr offset, uint64_t value)`, '{',
    `    qemu_log_mask(LOG_GUEST_ERROR,`, `                  "%s: bad offset 0x%" HWADDR_PRIx`, `                  " (write of 0x%" PRIx64 ")\\n",`, `                  ${cString(device.name)}, offset, value);`, '}', '',
    ...(plans.writeOnly ? [
      `static uint64_t ${names.prefix}_write_only_read(const char *reg, hwaddr offset)`, '{',
      `    qemu_log_mask(LOG_GUEST_ERROR,`, `                  "%s: read of write-only register %s (offset 0x%"`, `                  HWADDR_PRIx ")\\n",`, `                  ${cString(device.name)}, reg, offset);`,
      '    return 0;', '}', ''] : []),
    ...(plans.readOnly ? [
      ...prototypeLines('static void', `${names.prefix}_read_only_write`, ['const char *reg', 'hwaddr offset', 'uint64_t value'], ''), '{',
      `    qemu_log_mask(LOG_GUEST_ERROR,`, `                  "%s: write to read-only register %s (offset 0x%" HWADDR_PRIx`, `                  ", value 0x%" PRIx64 ")\\n",`, `                  ${cString(device.name)}, reg, offset, value);`,
      '}', ''] : []),
  ];
}
