/**
 * A bound on how many requests of one caller run at once on this instance, so that one person, client or address
 * cannot hold every pooled connection while everyone else waits. Requests over the bound wait their turn (in
 * order, without holding a connection) for a limited time, then are refused. Waiting callers are capped too, so a
 * flood costs a map entry and a counter, not a growing queue.
 */
export class CallerSlots {
  private readonly callers = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(
    private readonly perCaller: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting = 500,
  ) {}

  /** Resolves with a release function once the caller may run, or with null when it waited too long. */
  async acquire(caller: string): Promise<(() => void) | null> {
    let entry = this.callers.get(caller);
    if (!entry) {
      entry = { running: 0, waiting: [] };
      this.callers.set(caller, entry);
    }
    const slot = entry;
    if (slot.running >= this.perCaller) {
      if (slot.waiting.length >= this.maxWaiting) return null;
      const turn = await new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          slot.waiting.splice(slot.waiting.indexOf(wake), 1);
          resolve(false);
        }, this.maxWaitMs);
        slot.waiting.push(wake);
      });
      if (!turn) return null;
    } else {
      slot.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.waiting.shift();
      // The slot passes straight to the next in line; otherwise it frees up.
      if (next) next();
      else if (--slot.running === 0) this.callers.delete(caller);
    };
  }
}
