/**
 * Which decorators are devgen's: a decorator is recognised by the binding its name refers to,
 * never by its spelling. Only a value import from devgen's decorator entry (`devgen/define`)
 * counts — a named import under its real name or an alias (`import { Device as D }`), or a
 * member of a namespace import (`import * as dg` → `@dg.Device`). A decorator of the same name
 * imported from another module, declared in the file, or not imported at all is reported
 * (`decorator-origin`) and never read as devgen's.
 */
import type { Decorator, Node as TsNode, SourceFile } from 'ts-morph';
import { didYouMean, q, type DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import type { LiteralReader, TsMorph } from './literal-reader.ts';
import { DECORATOR_NAMES } from './mapping.ts';

/** The module specifier of devgen's decorator entry. */
export const DECORATOR_ENTRY = 'devgen/define';

/** What a local name refers to at the top level of the file. */
type Binding = { readonly kind: 'devgen'; readonly name: string } | { readonly kind: 'devgen-namespace' } | { readonly kind: 'foreign'; readonly detail: string };

/** What a decorator's callee refers to: a devgen decorator, something else, no binding, or no name at all. */
type Lookup = { readonly kind: 'devgen'; readonly name: string } | { readonly kind: 'foreign'; readonly detail: string } | { readonly kind: 'unbound' } | { readonly kind: 'expression' };

/** Resolves decorators of one source file to devgen's decorator names; reports the others once. */
export class DecoratorOrigins {
  private readonly bindings = new Map<string, Binding>();
  private readonly resolved = new Map<Decorator, string | undefined>();

  constructor(
    private readonly tsm: TsMorph,
    sf: SourceFile,
    private readonly lit: LiteralReader,
    private readonly sink: DiagnosticSink,
  ) {
    this.collect(sf);
  }

  /**
   * The devgen decorator `d` stands for (its real name, e.g. `Device` for an aliased `D`), or
   * undefined when it is not one of devgen's; the problem is reported on first resolution only.
   */
  nameOf(d: Decorator): string | undefined {
    if (this.resolved.has(d)) return this.resolved.get(d);
    const name = this.resolve(d);
    this.resolved.set(d, name);
    return name;
  }

  private resolve(d: Decorator): string | undefined {
    const found = this.lookup(d);
    const at = this.lit.spanOf(d);
    const written = d.getName();
    switch (found.kind) {
      case 'devgen':
        if (DECORATOR_NAMES.includes(found.name)) return found.name;
        this.sink.report('decorator-unknown', at, { name: q(found.name), hint: didYouMean(found.name, DECORATOR_NAMES) });
        return undefined;
      case 'foreign':
        this.sink.report('decorator-origin', at, { name: written, detail: found.detail });
        return undefined;
      case 'unbound':
        // A misspelt decorator is a typo, not an origin problem: say what it may have meant.
        if (DECORATOR_NAMES.includes(written)) this.sink.report('decorator-origin', at, { name: written, detail: `it is not imported from '${DECORATOR_ENTRY}'` });
        else this.sink.report('decorator-unknown', at, { name: q(written), hint: didYouMean(written, DECORATOR_NAMES) });
        return undefined;
      case 'expression':
        this.sink.report('decorator-origin', at, { name: written, detail: `\`${d.getExpression().getText().slice(0, 40)}\` is not a name imported from '${DECORATOR_ENTRY}'` });
        return undefined;
    }
  }

  private lookup(d: Decorator): Lookup {
    const { Node } = this.tsm;
    let callee: TsNode = d.getExpression();
    if (Node.isCallExpression(callee)) callee = callee.getExpression();
    if (Node.isIdentifier(callee)) {
      const b = this.bindings.get(callee.getText());
      if (!b) return { kind: 'unbound' };
      if (b.kind === 'devgen-namespace') return { kind: 'foreign', detail: `'${callee.getText()}' is the namespace of '${DECORATOR_ENTRY}', not one of its decorators` };
      return b;
    }
    if (Node.isPropertyAccessExpression(callee) && Node.isIdentifier(callee.getExpression())) {
      const b = this.bindings.get(callee.getExpression().getText());
      if (b?.kind === 'devgen-namespace') return { kind: 'devgen', name: callee.getName() };
      if (b?.kind === 'foreign') return b;
    }
    return { kind: 'expression' };
  }

  /** Top-level bindings: imports (by module) and the file's own declarations. */
  private collect(sf: SourceFile): void {
    const { Node } = this.tsm;
    for (const imp of sf.getImportDeclarations()) {
      if (imp.isTypeOnly()) continue;
      const spec = imp.getModuleSpecifierValue();
      const devgen = spec === DECORATOR_ENTRY;
      const foreign: Binding = { kind: 'foreign', detail: `it is imported from '${spec}', not from '${DECORATOR_ENTRY}'` };
      const def = imp.getDefaultImport();
      if (def) this.bindings.set(def.getText(), devgen ? { kind: 'foreign', detail: `'${DECORATOR_ENTRY}' has no default export` } : foreign);
      const ns = imp.getNamespaceImport();
      if (ns) this.bindings.set(ns.getText(), devgen ? { kind: 'devgen-namespace' } : foreign);
      for (const named of imp.getNamedImports()) {
        if (named.isTypeOnly()) continue;
        const local = (named.getAliasNode() ?? named.getNameNode()).getText();
        this.bindings.set(local, devgen ? { kind: 'devgen', name: named.getNameNode().getText() } : foreign);
      }
    }
    // A declaration in the file shadows nothing legally (a duplicate is a TypeScript error) but
    // must never pass for devgen's decorator of the same name.
    const local: Binding = { kind: 'foreign', detail: `it is declared in this file, not imported from '${DECORATOR_ENTRY}'` };
    for (const st of sf.getStatements()) {
      if (Node.isFunctionDeclaration(st) || Node.isClassDeclaration(st) || Node.isEnumDeclaration(st)) {
        const n = st.getName();
        if (n) this.bindings.set(n, local);
      } else if (Node.isVariableStatement(st)) {
        for (const v of st.getDeclarations()) {
          const n = v.getNameNode();
          const ids = Node.isIdentifier(n) ? [n] : n.getDescendantsOfKind(this.tsm.SyntaxKind.BindingElement).map((e) => e.getNameNode()).filter((e) => Node.isIdentifier(e));
          for (const id of ids) this.bindings.set(id.getText(), local);
        }
      } else if (Node.isImportEqualsDeclaration(st)) {
        this.bindings.set(st.getName(), { kind: 'foreign', detail: `it is bound by \`import ${st.getName()} = …\`, not imported from '${DECORATOR_ENTRY}'` });
      }
    }
  }
}
