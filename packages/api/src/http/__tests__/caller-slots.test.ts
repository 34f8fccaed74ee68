import { CallerSlots } from '../caller-slots';

describe('CallerSlots: refused requests past the free ones keep their slot a moment', () => {
  const hold = { free: 3, refillPerSecond: 0.5, holdMs: 500 };

  it('each caller has its own free refusals, given back at the refill rate, never more than the bucket', () => {
    const slots = new CallerSlots(4, 1_000, 500, hold);
    const t0 = 1_000_000;
    expect([0, 1, 2, 3].map(() => slots.holdAfterRefusal('a', t0))).toEqual([0, 0, 0, 500]);
    // Another caller is untouched.
    expect(slots.holdAfterRefusal('b', t0)).toBe(0);
    // One refusal comes back every 2 s (a held refusal spends none).
    expect(slots.holdAfterRefusal('a', t0 + 1_999)).toBe(500);
    expect(slots.holdAfterRefusal('a', t0 + 2_000)).toBe(0);
    expect(slots.holdAfterRefusal('a', t0 + 2_000)).toBe(500);
    // A long quiet fills the bucket, not beyond it.
    const later = t0 + 3_600_000;
    expect([0, 1, 2, 3].map(() => slots.holdAfterRefusal('a', later))).toEqual([0, 0, 0, 500]);
  });

  it("a held slot is the caller's next request's to wait for; other callers run meanwhile", async () => {
    // Waits of at most 100 ms: a request that would wait longer is refused (null).
    const slots = new CallerSlots(1, 100, 500, { free: 0, refillPerSecond: 0, holdMs: 30_000 });
    const release = await slots.acquire('a');
    release!(slots.holdAfterRefusal('a'));
    const other = await slots.acquire('b');
    expect(other).not.toBeNull();
    other!();
    expect(await slots.acquire('a')).toBeNull();
  });

  it('the hold ends: the waiting request then runs', async () => {
    const slots = new CallerSlots(1, 10_000, 500, { free: 0, refillPerSecond: 0, holdMs: 150 });
    const release = await slots.acquire('a');
    const started = Date.now();
    release!(slots.holdAfterRefusal('a'));
    const next = await slots.acquire('a');
    expect(next).not.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    next!();
  });
});
