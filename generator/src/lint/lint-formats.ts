/**
 * The output formats of `devgen lint`, apart from their writers (format.ts) so the command line
 * can offer them without loading the rules.
 */

/** Output formats. */
export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;

/** One of LINT_FORMATS. */
export type LintFormat = (typeof LINT_FORMATS)[number];
