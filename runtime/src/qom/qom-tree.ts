/**
 * The QOM composition tree: every object a machine owns has a path ("/machine/peripheral/uart0",
 * "/machine/unattached/device[3]"). Children named "device[*]" get the smallest free index in
 * their container, which is how QEMU numbers unattached devices (object_property_add_child with
 * a "[*]" suffix), so creation order decides N and explicit placements are skipped.
 */
import { QomError } from './qom-error.ts';

/** One node of the tree: a container or an object. */
export interface QomNode {
  /** Last path component (e.g. "device[3]"). */
  readonly name: string;
  /** Absolute path ("/" for the root). */
  readonly path: string;
  /** QOM type name ("container" for plain containers). */
  readonly typeName: string;
  /** The object at this node (undefined for containers). */
  readonly object: unknown;
  readonly parent: QomNode | undefined;
  readonly children: ReadonlyMap<string, QomNode>;
}

interface MutableNode extends QomNode {
  readonly children: Map<string, MutableNode>;
}

const NAME_RE = /^[^/\[\]]+(\[\d+\])?$/;

function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** A QOM composition tree. The root is "/"; machines add "/machine" and its containers. */
export class QomTree {
  private readonly rootNode: MutableNode = {
    name: '',
    path: '/',
    typeName: 'container',
    object: undefined,
    parent: undefined,
    children: new Map(),
  };

  /** The root node ("/"). */
  get root(): QomNode {
    return this.rootNode;
  }

  /**
   * Adds `object` as child `name` of the node at `parentPath`. A name ending in "[*]" takes
   * the smallest free index. Returns the new node. Throws {@link QomError} when the parent is
   * missing or the name is taken or malformed.
   */
  addChild(parentPath: string, name: string, typeName: string, object: unknown): QomNode {
    const parent = this.lookup(parentPath);
    if (parent === undefined) throw new QomError('bad-path', `QOM path '${parentPath}' does not exist`);
    let finalName = name;
    if (name.endsWith('[*]')) {
      const base = name.slice(0, -3);
      let i = 0;
      while (parent.children.has(`${base}[${i}]`)) i++;
      finalName = `${base}[${i}]`;
    }
    if (!NAME_RE.test(finalName)) throw new QomError('bad-path', `invalid QOM child name '${name}'`);
    if (parent.children.has(finalName)) {
      throw new QomError('duplicate-path', `attempt to add duplicate property '${finalName}' to object '${parent.path}'`);
    }
    const node: MutableNode = {
      name: finalName,
      path: joinPath(parent.path, finalName),
      typeName,
      object,
      parent,
      children: new Map(),
    };
    parent.children.set(finalName, node);
    return node;
  }

  /** Adds `object` at the absolute `path` (its parent must exist). */
  add(path: string, typeName: string, object: unknown): QomNode {
    const cut = path.lastIndexOf('/');
    if (!path.startsWith('/') || cut === path.length - 1) throw new QomError('bad-path', `invalid QOM path '${path}'`);
    return this.addChild(cut === 0 ? '/' : path.slice(0, cut), path.slice(cut + 1), typeName, object);
  }

  /** Adds a container at `path`, creating missing ancestors (QEMU container_get); returns it. */
  ensureContainer(path: string): QomNode {
    let node: MutableNode = this.rootNode;
    for (const part of path.split('/').filter((p) => p !== '')) {
      const next = node.children.get(part);
      node = next ?? (this.addChild(node.path, part, 'container', undefined) as MutableNode);
    }
    return node;
  }

  /** Removes the node at `path` and its subtree; returns whether it existed. */
  remove(path: string): boolean {
    const node = this.lookup(path);
    if (node === undefined || node.parent === undefined) return false;
    (node.parent as MutableNode).children.delete(node.name);
    return true;
  }

  /**
   * Resolves a path to its node, like QEMU object_resolve_path: an absolute path is followed
   * from the root; a relative (partial) path matches any node whose path ends with it and is
   * returned only when the match is unique.
   */
  resolveNode(path: string): QomNode | undefined {
    if (path.startsWith('/')) return this.lookup(path);
    const parts = path.split('/').filter((p) => p !== '');
    if (parts.length === 0) return undefined;
    let found: QomNode | undefined;
    let count = 0;
    for (const node of this.nodes()) {
      if (matchesSuffix(node, parts)) {
        found = node;
        count++;
      }
    }
    return count === 1 ? found : undefined;
  }

  /** The object at `path` (see {@link resolveNode}); undefined for containers and misses. */
  resolvePath(path: string): unknown {
    return this.resolveNode(path)?.object;
  }

  /** Every node, depth first, children in insertion order. */
  *nodes(): IterableIterator<QomNode> {
    const stack: QomNode[] = [this.rootNode];
    while (stack.length > 0) {
      const n = stack.pop()!;
      yield n;
      stack.push(...[...n.children.values()].reverse());
    }
  }

  private lookup(path: string): MutableNode | undefined {
    if (!path.startsWith('/')) return undefined;
    let node: MutableNode | undefined = this.rootNode;
    for (const part of path.split('/')) {
      if (part === '') continue;
      node = node.children.get(part);
      if (node === undefined) return undefined;
    }
    return node;
  }
}

function matchesSuffix(node: QomNode, parts: readonly string[]): boolean {
  let n: QomNode | undefined = node;
  for (let i = parts.length - 1; i >= 0; i--) {
    if (n === undefined || n.parent === undefined || n.name !== parts[i]) return false;
    n = n.parent;
  }
  return true;
}
