/** The meson.build and trace-events edits of the installer: exact results, and idempotent. */
import { describe, expect, it } from 'vitest';
import { addMesonSources, replaceTraceEvents, traceEventName } from '../../generator/src/cli/qemu-tree-edits.ts';
import { FRAGMENT, MESON, TRACE_EVENTS } from './fake-qemu-tree.ts';

describe('addMesonSources', () => {
  it('adds the missing names right after the entry, in order, once', () => {
    const once = addMesonSources(MESON, 'uart9.c', ['a.c', 'b.c']);
    expect(once).toEqual({ ok: true, text: MESON.replace("files('uart9.c')", "files('uart9.c', 'a.c', 'b.c')") });
    const twice = addMesonSources(once.ok ? once.text : '', 'uart9.c', ['a.c', 'b.c']);
    expect(twice).toEqual(once);
  });

  it('adds only what is not named yet, and reads double-quoted entries', () => {
    const text = 'x = files("dev.c", \'b.c\')\n';
    expect(addMesonSources(text, 'dev.c', ['a.c', 'b.c'])).toEqual({ ok: true, text: 'x = files("dev.c", \'a.c\', \'b.c\')\n' });
  });

  it('reports a file without the entry', () => {
    expect(addMesonSources(MESON, 'pl011.c', ['x.c'])).toEqual({ ok: false, reason: 'no-entry' });
  });
});

describe('replaceTraceEvents', () => {
  it('reads event names behind properties and skips comments', () => {
    expect(traceEventName('disable foo_bar(int x) "x %d"')).toBe('foo_bar');
    expect(traceEventName('uart9_read(uint32_t a) "a"')).toBe('uart9_read');
    expect(traceEventName('# uart9.c')).toBeUndefined();
    expect(traceEventName('')).toBeUndefined();
  });

  it('puts the fragment where the device events were, under the existing heading, idempotently', () => {
    const want = TRACE_EVENTS.replace(
      '# uart9.c\nuart9_irq_state(int level) "irq state %d"\nuart9_read(uint32_t addr, uint32_t value) "addr 0x%03x value 0x%08x"\n',
      FRAGMENT,
    );
    const once = replaceTraceEvents(TRACE_EVENTS, 'uart9_', FRAGMENT);
    expect(once).toBe(want);
    expect(replaceTraceEvents(once, 'uart9_', FRAGMENT)).toBe(want);
  });

  it('appends the fragment when the file has no event of the device, once', () => {
    const text = '# serial.c\nserial_read(int a) "a %d"\n';
    const once = replaceTraceEvents(text, 'uart9_', FRAGMENT);
    expect(once).toBe(text + FRAGMENT);
    expect(replaceTraceEvents(once, 'uart9_', FRAGMENT)).toBe(once);
  });

  it('removes device events outside the fragment on a later run (an event the definition dropped)', () => {
    const once = replaceTraceEvents(TRACE_EVENTS, 'uart9_', FRAGMENT);
    const stray = once.replace('# serial.c\n', '# serial.c\nuart9_gone(int x) "x %d"\n');
    expect(replaceTraceEvents(stray, 'uart9_', FRAGMENT)).toBe(once);
  });
});
