/**
 * The node table of the YAML front end's fast path (block-subset.ts): every node's source range,
 * its mapping key's range, its kind, its items, and a scalar's spelling and value, so readYaml
 * answers spanOf, keySpanOf and literalAt from it as it does from the library's document.
 */

/** Kinds of table entries: what a node was written as. */
export const NodeKind = { Map: 0, Seq: 1, Plain: 2, Quoted: 3, FlowMap: 4, FlowSeq: 5 } as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

/**
 * Every node the value was built from, by id (the root is 0): in `ranges`, four numbers a node
 * — its start and end offsets (end exclusive; readYaml trims trailing whitespace as it does the
 * library's ranges) and the mapping key's start and end for map values (-1 when none); its kind;
 * for a collection, the ids of its items (by index) or entries (by key); for a scalar, its
 * string before tag resolution (the library's `source`) and its value.
 */
export interface SubsetTable {
  readonly ranges: Int32Array;
  readonly kind: Uint8Array;
  readonly children: (number[] | Map<string, number> | undefined)[];
  readonly text: (string | undefined)[];
  readonly value: unknown[];
}

/** What the fast path read. */
export interface SubsetRead {
  readonly value: Record<string, unknown>;
  readonly table: SubsetTable;
}

/** Node and depth limits of the reader (as readYaml's); beyond them the library path reports. */
export interface SubsetLimits {
  readonly maxNodes: number;
  readonly maxDepth: number;
}

/**
 * The id of the node at `path` in `table`, or of its deepest ancestor in the table (the root at
 * worst); `exact` tells which.
 */
export function nodeAt(table: SubsetTable, path: readonly (string | number)[]): { id: number; exact: boolean } {
  let id = 0;
  for (const seg of path) {
    const c = table.children[id];
    let next: number | undefined;
    if (Array.isArray(c)) {
      const i = typeof seg === 'number' ? seg : /^(?:0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : -1;
      next = c[i];
    } else if (c !== undefined) {
      next = c.get(String(seg));
    }
    if (next === undefined) return { id, exact: false };
    id = next;
  }
  return { id, exact: true };
}
