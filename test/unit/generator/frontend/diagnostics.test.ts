/** Diagnostics table, sink and renderer. */
import { describe, expect, it } from 'vitest';
import { CODES, formatMessage, listDiagnosticIds } from '../../../../generator/src/diagnostics/codes.ts';
import { DiagnosticSink, closest } from '../../../../generator/src/diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../../../../generator/src/diagnostics/render.ts';
import { LineIndex } from '../../../../generator/src/source/line-index.ts';

describe('codes', () => {
  it('uses kebab-case ids with a doc line each', () => {
    for (const id of listDiagnosticIds()) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CODES[id].doc.length).toBeGreaterThan(10);
    }
  });

  it('fills typed slots', () => {
    expect(formatMessage('register-width', { width: 24 })).toBe('register width 24 is not one of 8, 16, 32, 64');
  });
});

describe('sink and render', () => {
  const text = 'a: 1\nregisters:\n  - { name: CR, offset: 0x30 }\n';
  const span = { file: 'x.yaml', line: 3, col: 11, endLine: 3, endCol: 13 };

  it('collects, sorts and renders with a context line and caret frame', () => {
    const sink = new DiagnosticSink();
    sink.report('register-width', span, { width: 7 }, "in register 'CR'");
    sink.report('format-version', { file: 'x.yaml', line: 1, col: 4, endLine: 1, endCol: 5 }, { version: 2 });
    expect(sink.hadError).toBe(true);
    const out = formatDiagnostics(sink.toArray(), { 'x.yaml': text }, { color: false });
    expect(out).toBe([
      'x.yaml:1:4: error[format-version]: unsupported format version 2: this devgen reads `devgen: 1`',
      ' 1 | a: 1',
      ' 1 |    ^',
      "x.yaml:3:11: error[register-width]: register width 7 is not one of 8, 16, 32, 64",
      "  in register 'CR':",
      ' 3 |   - { name: CR, offset: 0x30 }',
      ' 3 |           ^^',
      '',
    ].join('\n').replace(/^ 1 \|    \^$/m, '   |    ^').replace(/^ 3 \|           \^\^$/m, '   |           ^^'));
  });

  it('colours only when asked', () => {
    const sink = new DiagnosticSink();
    sink.report('register-width', span, { width: 7 });
    expect(formatDiagnostics(sink.toArray(), new Map([['x.yaml', text]]), { color: true })).toContain('\u001b[');
    expect(formatDiagnostics(sink.toArray(), new Map([['x.yaml', text]]), { color: false })).not.toContain('\u001b[');
  });

  it('renders without a frame when the source is unknown', () => {
    const sink = new DiagnosticSink();
    sink.report('register-width', span, { width: 7 });
    expect(formatDiagnostics(sink.toArray(), {}, { color: false })).toBe('x.yaml:3:11: error[register-width]: register width 7 is not one of 8, 16, 32, 64\n');
  });

  it('suggests close names only', () => {
    expect(closest('ofset', ['offset', 'name'])).toBe('offset');
    expect(closest('zzz', ['offset', 'name'])).toBeUndefined();
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based positions for \\n, \\r\\n and \\r', () => {
    const idx = new LineIndex('ab\r\ncd\ref\n');
    expect(idx.position(0)).toEqual({ line: 1, col: 1 });
    expect(idx.position(4)).toEqual({ line: 2, col: 1 });
    expect(idx.position(7)).toEqual({ line: 3, col: 1 });
    expect(idx.lineText(1)).toBe('ab');
    expect(idx.lineText(3)).toBe('ef');
    expect(idx.lineCount).toBe(4);
  });
});
