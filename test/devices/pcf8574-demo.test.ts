/**
 * The expander end to end outside the test rig: the demo's I2C section (blinking pins through
 * the controller) and `devgen qtest --machine versatilepb --device pcf8574,...` over stdio.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runI2cDemo } from '../../defs/machines/demo-i2c.ts';
import { machines } from '../../defs/machines/index.ts';
import { runQtestStdio } from '../../runtime/src/qtest/index.ts';

async function qtest(devices: string[], script: string): Promise<{ code: number; out: string; err: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  let err = '';
  output.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = runQtestStdio({ machines, machine: 'versatilepb', devices, input, output, error: (t) => (err += t) });
  input.end(script);
  const code = await done;
  return { code, out, err };
}

describe('pcf8574 demo and CLI', () => {
  it('the demo blinks the expander pins and sees nINT', () => {
    const lines: string[] = [];
    runI2cDemo((l) => lines.push(l));
    expect(lines).toContain('  guest writes 0xfe over I2C (ACK): LEDs ○●●●●●●●');
    expect(lines).toContain('  guest writes 0x55 over I2C (ACK): LEDs ●○●○●○●○');
    expect(lines).toContain('  button on pin 7 pressed: nINT low (asserted)');
    expect(lines).toContain('  guest reads the pins: 0x2a; nINT high (released)');
    expect(lines).toContain('  guest addresses 0x50: NACK (nobody there)');
  });

  it('qtest --device plugs the expander at /machine/peripheral/ID', async () => {
    const r = await qtest(['pcf8574,address=0x20,id=gpio0'], [
      'irq_intercept_out /machine/peripheral/gpio0 nINT',
      'set_irq_in /machine/peripheral/gpio0 unnamed-gpio-in 0 0',
      'set_irq_in /machine/peripheral/gpio0 unnamed-gpio-in 8 0',
      '',
    ].join('\n'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 3)).toEqual(['OK', 'OK', expect.stringMatching(/^FAIL /)]);
  });

  it('qtest --device mistakes are one line on stderr and exit code 1', async () => {
    for (const [devices, msg] of [
      [['pcf8574,address=0x20', 'pcf8574,address=0x20'], /already used/],
      [['pcf8574,nope=1'], /not found/],
      [['pl011,id=u'], /can't go on the board/],
      [['pcf8574,address=0x20,id=1bad'], /identifier/],
    ] as const) {
      const r = await qtest([...devices], '');
      expect(r.code, String(devices)).toBe(1);
      expect(r.err, String(devices)).toMatch(msg);
      expect(r.err.split('\n').filter((l) => l !== '').length).toBe(1);
    }
  });
});
