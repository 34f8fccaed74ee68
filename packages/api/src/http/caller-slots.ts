/**
 * How a caller whose requests keep being refused is slowed down: a refused request is answered at once, but once the
 * caller has spent its free refusals (a bucket of `free`, refilled at `refillPerSecond`) it keeps its slot for
 * `holdMs` after the answer. A loop of refused requests then gets at most `perCaller` answers every `holdMs`, and
 * this instance's time goes to everyone else; a person or client who sends a wrong document now and then never
 * notices.
 */
export interface RefusalHold {
  free: number;
  refillPerSecond: number;
  holdMs: number;
}

/** The defaults (README "Query limits"): 30 refusals free, one more every 2 s, then each keeps its slot 500 ms. */
export const DEFAULT_REFUSAL_HOLD: RefusalHold = { free: 30, refillPerSecond: 0.5, holdMs: 500 };

/** Callers whose refusals are remembered at once (beyond, the longest quiet are forgotten first). */
const REFUSALS_TRACKED = 10_000;

/** Releases a slot: at once, or `holdMs` later (the caller's request was refused; see RefusalHold). */
export type SlotRelease = (holdMs?: number) => void;

/**
 * A bound on how many requests of one caller run at once on this instance, so that one person, client or address
 * cannot hold every pooled connection while everyone else waits. Requests over the bound wait their turn (in
 * order, without holding a connection) for a limited time, then are refused. Waiting callers are capped too, so a
 * flood costs a map entry and a counter, not a growing queue. A caller's refused requests may keep their slot a
 * moment after their answer (`holdAfterRefusal`), so a loop of them cannot keep this instance busy.
 */
export class CallerSlots {
  private readonly callers = new Map<string, { running: number; waiting: (() => void)[] }>();
  /** Free refusals left per caller and when that was counted; in order of the last refusal, oldest first. */
  private readonly refusals = new Map<string, { left: number; at: number }>();

  constructor(
    private readonly perCaller: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting = 500,
    private readonly refusalHold: RefusalHold = DEFAULT_REFUSAL_HOLD,
  ) {}

  /**
   * Counts a refused request of `caller`'s and says how long its slot stays taken after the answer: 0 while the
   * caller has free refusals left, else `holdMs`.
   */
  holdAfterRefusal(caller: string, now = Date.now()): number {
    const { free, refillPerSecond, holdMs } = this.refusalHold;
    const left = this.refusalsLeft(caller, now);
    this.refusals.delete(caller);
    this.refusals.set(caller, { left: left >= 1 ? left - 1 : left, at: now });
    // Forget the callers whose bucket is full again, and the quietest beyond the cap.
    for (const [key, entry] of this.refusals) {
      const full = entry.left + ((now - entry.at) / 1000) * refillPerSecond >= free;
      if (!full && this.refusals.size <= REFUSALS_TRACKED) break;
      this.refusals.delete(key);
    }
    return left >= 1 ? 0 : holdMs;
  }

  private refusalsLeft(caller: string, now: number): number {
    const { free, refillPerSecond } = this.refusalHold;
    const entry = this.refusals.get(caller);
    return entry ? Math.min(free, entry.left + ((now - entry.at) / 1000) * refillPerSecond) : free;
  }

  /** Resolves with a release function once the caller may run, or with null when it waited too long. */
  async acquire(caller: string): Promise<SlotRelease | null> {
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
    const free = () => {
      const next = slot.waiting.shift();
      // The slot passes straight to the next in line; otherwise it frees up.
      if (next) next();
      else if (--slot.running === 0) this.callers.delete(caller);
    };
    return (holdMs = 0) => {
      if (released) return;
      released = true;
      if (holdMs > 0) setTimeout(free, holdMs).unref();
      else free();
    };
  }
}
