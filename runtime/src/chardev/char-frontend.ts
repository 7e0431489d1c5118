/**
 * The device side of a character back end (QEMU CharBackend / qemu_chr_fe_*). Input is
 * delivered honouring the device's canReceive(), as QEMU's main loop does: only as many
 * bytes as allowed, the rest held here until the device calls acceptInput()
 * (qemu_chr_fe_accept_input) or more input arrives.
 */
import type { CharBackend, ChardevEvent } from '../contract/context.ts';
import type { Chardev, ChardevInputSink } from './chardev.ts';

/** What a device offers to receive input (QEMU IOCanReadHandler / IOReadHandler / IOEventHandler). */
export interface CharReceiver {
  /** How many bytes the device can take now (0 = none). */
  canReceive(): number;
  /** Bytes for the device; never more than the last canReceive() allowed. */
  receive(data: Uint8Array): void;
  event(ev: ChardevEvent): void;
}

/** A CharBackend bound to an optional back end, with input flow control. */
export interface CharFrontend extends CharBackend {
  /** The back end, or undefined when none is set (then `connected` is false). */
  readonly backend: Chardev | undefined;
  /** Sets the device's receive handlers (QEMU qemu_chr_fe_set_handlers); undefined removes them. */
  attach(receiver: CharReceiver | undefined): void;
  /** Bytes received from the back end and not yet taken by the device. */
  readonly pendingInput: number;
}

class CharFrontendImpl implements CharFrontend, ChardevInputSink {
  private receiver: CharReceiver | undefined;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private pumping = false;
  private again = false;

  constructor(readonly backend: Chardev | undefined) {
    backend?.setInputSink(this);
  }

  get connected(): boolean {
    return this.backend !== undefined;
  }

  get pendingInput(): number {
    return this.queued;
  }

  writeAll(data: Uint8Array): void {
    this.backend?.write(data);
  }

  setBreak(on: boolean): void {
    this.backend?.setBreak(on);
  }

  acceptInput(): void {
    this.pump();
  }

  attach(receiver: CharReceiver | undefined): void {
    this.receiver = receiver;
    this.pump();
  }

  /** From the back end: new input bytes. */
  input(data: Uint8Array): void {
    if (data.length === 0) return;
    this.queue.push(data);
    this.queued += data.length;
    this.pump();
  }

  /** From the back end: an event, passed straight to the device. */
  event(ev: ChardevEvent): void {
    this.receiver?.event(ev);
  }

  /**
   * Delivers held input while the device can take it. Re-entrant calls (a device calling
   * acceptInput() from receive()) just ask the running loop to look again.
   */
  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (this.queued > 0 && this.receiver !== undefined) {
          const can = Math.floor(this.receiver.canReceive());
          if (!(can > 0)) break;
          const head = this.queue[0]!;
          const n = Math.min(can, head.length);
          const chunk = head.subarray(0, n);
          if (n === head.length) this.queue.shift();
          else this.queue[0] = head.subarray(n);
          this.queued -= n;
          this.receiver.receive(chunk);
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
  }
}

/** Creates a front end for `backend` (undefined = no back end: writes dropped, `connected` false). */
export function createCharFrontend(backend: Chardev | undefined): CharFrontend {
  return new CharFrontendImpl(backend);
}
