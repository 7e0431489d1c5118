/**
 * What every lowering step of format v1 shares: the value the front end read (for spans and
 * the source spelling of numbers), the diagnostic sink, and the number and hook-list rules.
 */
import type { Span } from '../ir/ir.ts';
import { parseNumberLiteral, type NumberSlot } from '../schema/numbers.ts';
import { q, type DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { contextOf, type DefinitionValue, type ValuePath } from './definition-value.ts';

/** The read value and the sink of one lowering, with the helpers every step uses. */
export class LowerContext {
  constructor(readonly read: DefinitionValue, readonly sink: DiagnosticSink) {}

  /** Span of a value path. */
  span(path: ValuePath): Span {
    return this.read.spanOf(path);
  }

  /** Context line ("in register 'CR'") of a value path. */
  ctx(path: ValuePath): string | undefined {
    return contextOf(this.read.value, path);
  }

  /** A number slot, or undefined (with a diagnostic) when it breaks the number rules. */
  num(path: ValuePath, slot: NumberSlot): bigint | undefined {
    const lit = this.read.literalAt(path);
    if (!lit) {
      this.sink.report('number-syntax', this.span(path), { text: 'this value' }, this.ctx(path));
      return undefined;
    }
    const r = parseNumberLiteral(lit, slot);
    if (r.ok) return r.value;
    this.sink.report(r.id, this.span(path), r.args as never, this.ctx(path));
    return undefined;
  }

  /** A number slot that ends up as a JS number (offsets, sizes, counts, versions). */
  int(path: ValuePath, slot: NumberSlot, fallback: number): number {
    const v = this.num(path, slot);
    return v === undefined ? fallback : Number(v);
  }

  /** The hooks of a list, each once; a repeated hook is a positioned error. */
  uniqueHooks<H extends string>(hooks: readonly H[], path: ValuePath): H[] {
    const seen = new Set<H>();
    hooks.forEach((h, i) => {
      if (seen.has(h)) this.sink.report('duplicate-hook', this.span([...path, i]), { hook: q(h) }, this.ctx(path));
      seen.add(h);
    });
    return [...seen];
  }
}
