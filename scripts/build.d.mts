/** Types of scripts/build.mjs (plain JavaScript: it runs before anything is compiled). */

/** The package root. */
export declare const ROOT: string;

/** Source folders compiled into dist/, relative to the root. */
export declare const SOURCE_DIRS: readonly string[];

/** What one build did. */
export interface BuildReport {
  /** Files dist/ holds for the sources (declarations not counted). */
  readonly files: number;
  readonly written: number;
  readonly removed: number;
  readonly ms: number;
}

/** Builds dist/; `declarations: false` skips tsc (the declarations are not what runs). */
export declare function buildDist(options?: { readonly declarations?: boolean }): Promise<BuildReport>;
