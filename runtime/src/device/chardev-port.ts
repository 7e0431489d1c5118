/**
 * The device side of a character back end: one stable `CharBackend` object per device
 * (what `ctx.chardev` is), delegating to a chardev front end (flow control lives there) for
 * whichever back end is attached now. With none attached it behaves like QEMU's unconnected
 * CharBackend: writes vanish and `connected` is false.
 */
import type { CharBackend } from '../contract/context.ts';
import { createCharFrontend, type CharFrontend, type CharReceiver, type Chardev } from '../chardev/index.ts';

/** A `CharBackend` whose back end can be swapped (QEMU qemu_chr_fe_init + set_handlers). */
export class ChardevPort implements CharBackend {
  private frontend: CharFrontend = createCharFrontend(undefined);

  /** `receiver` gets input and events when the device declares `chardev.receive`. */
  constructor(private readonly receiver: CharReceiver | undefined) {}

  get connected(): boolean {
    return this.frontend.connected;
  }

  /** The attached back end, if any. */
  get backend(): Chardev | undefined {
    return this.frontend.backend;
  }

  /** Bytes the back end delivered that the device has not taken yet. */
  get pendingInput(): number {
    return this.frontend.pendingInput;
  }

  /** Attaches `backend` (undefined detaches), moving the receiver off the old back end. */
  setBackend(backend: Chardev | undefined): void {
    const old = this.frontend;
    old.attach(undefined);
    old.backend?.setInputSink(undefined);
    this.frontend = createCharFrontend(backend);
    if (this.receiver !== undefined) this.frontend.attach(this.receiver);
  }

  writeAll(data: Uint8Array): void {
    this.frontend.writeAll(data);
  }

  setBreak(on: boolean): void {
    this.frontend.setBreak(on);
  }

  acceptInput(): void {
    this.frontend.acceptInput();
  }
}
