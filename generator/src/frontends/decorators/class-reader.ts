/**
 * The device class → the format v1 value, one reader per decorator kind: @Device, the
 * singular parts (@Chardev, @I2c), the list entries (@Region, @Property, …, @Block), @Vmstate
 * and the parts appended to it (@VmSubsection, @VmStruct), and the member decorators
 * (@Register with its stacked @Field, @State). Class decorators are read in source order, so
 * list entries keep the order they are written in.
 */
import { basename } from 'node:path/posix';
import type { ClassDeclaration, ClassElement, Decorator, Node as TsNode } from 'ts-morph';
import type { Span } from '../../ir/ir.ts';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { pathKey, type ValuePath } from '../../format-v1/definition-value.ts';
import type { LiteralReader, TsMorph } from './literal-reader.ts';
import { CLASS_DECORATORS, MEMBER_DECORATORS, type ClassDecoratorTarget } from './mapping.ts';
import type { DecoratorOrigins } from './origin.ts';

/** Reads one device class into a fresh definition value. */
export class DeviceClassReader {
  private readonly value: Record<string, unknown> = {};
  /** Lists under construction, by pathKey of their path. */
  private readonly lists = new Map<string, unknown[]>();
  /** Singular decorators seen, by scope and name. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly tsm: TsMorph,
    private readonly file: string,
    private readonly lit: LiteralReader,
    private readonly origins: DecoratorOrigins,
    private readonly sink: DiagnosticSink,
  ) {}

  /** The definition value of `cls`; problems go to the sink. */
  read(cls: ClassDeclaration): Record<string, unknown> {
    const at = this.lit.spanOf(cls.getNameNode() ?? cls);
    this.lit.record([], at, undefined);
    // A decorator definition is format v1 by construction; the version points at the class name.
    this.lit.record(['devgen'], at, undefined, { value: 1n, text: '1', style: 'plain' });
    this.value.devgen = 1n;
    for (const d of cls.getDecorators()) this.classDecorator(d);
    for (const member of cls.getMembers()) this.member(member);
    // Lists whose entries failed to read keep a hole; drop them so the shape check sees entries only.
    for (const list of this.lists.values()) for (let i = list.length - 1; i >= 0; i--) if (list[i] === undefined) list.splice(i, 1);
    return this.value;
  }

  private classDecorator(d: Decorator): void {
    // Not devgen's (foreign, local or unknown): already reported by the origin check.
    const name = this.origins.nameOf(d);
    if (name === undefined) return;
    const target = CLASS_DECORATORS[name];
    if (!target) {
      this.placement(d, name, 'belongs on a member of the device class (e.g. `static DR: Decl`), not on the class');
      return;
    }
    if (target.single && !this.once(d, name, 'per device', 'class')) return;
    const arg = this.lit.options(d, name);
    if (!arg) return;
    switch (name) {
      case 'Device': return this.readDevice(d, arg);
      case 'Vmstate': return this.readVmstate(d, arg);
      case 'VmSubsection':
      case 'VmStruct': return this.readVmstatePart(d, name, arg, target);
      default: return target.single ? this.readSingle(d, arg, target) : this.readListEntry(d, arg, target);
    }
  }

  /** @Device: the behaviour defaults to this file (the class carries it). */
  private readDevice(d: Decorator, arg: TsNode): void {
    const obj = this.readAt(d, arg, ['device']);
    if (obj.behavior === undefined) obj.behavior = basename(this.file);
  }

  /** @Chardev, @I2c, @Qemu: one entry at a fixed key. */
  private readSingle(d: Decorator, arg: TsNode, target: ClassDecoratorTarget): void {
    this.readAt(d, arg, [...target.path]);
  }

  /** @Region, @Property, @Gpio, @Clock, @Bus, @Trace, @Struct, @Block: appended to their list. */
  private readListEntry(d: Decorator, arg: TsNode, target: ClassDecoratorTarget): void {
    this.readAt(d, arg, [...target.path, this.push(target.path)]);
  }

  /** @Vmstate; @VmSubsection / @VmStruct below it append to the lists an inline literal started. */
  private readVmstate(d: Decorator, arg: TsNode): void {
    const obj = this.readAt(d, arg, ['vmstate']);
    for (const k of ['subsections', 'structs']) if (Array.isArray(obj[k])) this.lists.set(pathKey(['vmstate', k]), obj[k] as unknown[]);
  }

  /** @VmSubsection, @VmStruct: appended under `vmstate`, so @Vmstate must come first. */
  private readVmstatePart(d: Decorator, name: string, arg: TsNode, target: ClassDecoratorTarget): void {
    if (target.under && this.value[target.under[0]!] === undefined) {
      this.placement(d, name, `needs @${target.needs} above it`);
      return;
    }
    this.readListEntry(d, arg, target);
  }

  /** Reads the options literal into `path`; the entry's span is the whole decorator. */
  private readAt(d: Decorator, arg: TsNode, path: (string | number)[]): Record<string, unknown> {
    const obj = this.lit.literal(arg, path, undefined) as Record<string, unknown>;
    this.lit.record(path, this.lit.spanOf(d), undefined);
    setAt(this.value, path, obj);
    return obj;
  }

  private member(member: ClassElement): void {
    const { Node } = this.tsm;
    if (!Node.isDecoratable(member)) return;
    const decorators = member.getDecorators();
    if (decorators.length === 0) return;
    const nameNode = (member as unknown as { getNameNode?: () => TsNode }).getNameNode?.();
    const memberName = nameNode ? nameNode.getText().replace(/^['"]|['"]$/g, '') : '';
    const memberKey = this.lit.spanOf(nameNode ?? member);
    let registerPath: (string | number)[] | undefined;
    const fields: Decorator[] = [];
    for (const d of decorators) {
      const name = this.origins.nameOf(d);
      if (name === undefined) continue;
      if (!Object.hasOwn(MEMBER_DECORATORS, name)) {
        this.placement(d, name, 'belongs on the device class, not on a member');
        continue;
      }
      if (name === 'Field') {
        fields.push(d);
        continue;
      }
      if (!this.once(d, name, 'per member', `member:${memberName}`)) continue;
      const path = name === 'Register' ? this.readRegister(d, memberName, memberKey) : this.readState(d, memberName, memberKey);
      if (name === 'Register' && path) registerPath = path;
    }
    if (fields.length > 0) this.readFields(fields, registerPath);
  }

  /** @Register: a `registers:` entry named after the member. */
  private readRegister(d: Decorator, memberName: string, memberKey: Span): (string | number)[] | undefined {
    return this.readMemberEntry(d, MEMBER_DECORATORS.Register!, memberName, memberKey);
  }

  /** @State: a `state:` entry named after the member. */
  private readState(d: Decorator, memberName: string, memberKey: Span): (string | number)[] | undefined {
    return this.readMemberEntry(d, MEMBER_DECORATORS.State!, memberName, memberKey);
  }

  private readMemberEntry(d: Decorator, list: string, memberName: string, memberKey: Span): (string | number)[] | undefined {
    const arg = this.lit.options(d, list === MEMBER_DECORATORS.Register ? 'Register' : 'State');
    if (!arg) return undefined;
    const path = [list, this.push([list])];
    const obj = this.lit.literal(arg, path, undefined) as Record<string, unknown>;
    this.lit.record(path, this.lit.spanOf(d), undefined);
    if (obj.name !== undefined) {
      setAt(this.value, path, obj);
      return path;
    }
    // Member name first, like the `name:` key that leads a YAML entry.
    this.lit.record([...path, 'name'], memberKey, memberKey, { value: memberName, text: memberName, style: 'quoted' });
    setAt(this.value, path, { name: memberName, ...obj });
    return path;
  }

  /** @Field decorators stacked on a @Register member: its `fields:`, in source order. */
  private readFields(fields: readonly Decorator[], registerPath: (string | number)[] | undefined): void {
    if (!registerPath) {
      for (const f of fields) this.placement(f, 'Field', 'needs @Register on the same member');
      return;
    }
    const reg = getAt(this.value, registerPath) as Record<string, unknown>;
    if (reg.fields !== undefined) {
      this.placement(fields[0]!, 'Field', 'cannot be combined with `fields:` in the @Register options');
      return;
    }
    const list: unknown[] = [];
    reg.fields = list;
    this.lit.record([...registerPath, 'fields'], this.lit.spanOf(fields[0]!), undefined);
    for (const f of fields) {
      const arg = this.lit.options(f, 'Field');
      if (!arg) continue;
      const path = [...registerPath, 'fields', list.length];
      list.push(undefined);
      list[list.length - 1] = this.lit.literal(arg, path, undefined);
      this.lit.record(path, this.lit.spanOf(f), undefined);
    }
  }

  /** Appends a placeholder to the list at `listPath` (created on first use); returns its index. */
  private push(listPath: ValuePath): number {
    const k = pathKey(listPath);
    let list = this.lists.get(k);
    if (!list) {
      list = [];
      this.lists.set(k, list);
      setAt(this.value, listPath, list);
    }
    list.push(undefined);
    return list.length - 1;
  }

  /** False (with a diagnostic) when `d` was already used in `scope`. */
  private once(d: Decorator, name: string, where: string, scope: string): boolean {
    const k = `${scope}\u0000${name}`;
    if (this.seen.has(k)) {
      this.sink.report('decorator-duplicate', this.lit.spanOf(d), { name, where });
      return false;
    }
    this.seen.add(k);
    return true;
  }

  private placement(d: Decorator, name: string, detail: string): void {
    this.sink.report('decorator-placement', this.lit.spanOf(d), { name, detail });
  }
}

function setAt(root: Record<string, unknown>, path: ValuePath, v: unknown): void {
  let cur: Record<string | number, unknown> = root;
  for (const p of path.slice(0, -1)) {
    cur[p] ??= {};
    cur = cur[p] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = v;
}

function getAt(root: unknown, path: ValuePath): unknown {
  let cur = root;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}
