import { describe, expect, it } from "vitest";
import { earliestSlot, memoryRateLimiter, PROBE_HOLD_MS, PROBE_RECHECK_MS, type RateLimitWindow } from "./limiter.ts";

// Nexar's token endpoint, as documented: 2/s, 200 per 15 min, 3 000 per 12 h, 40 000 per week.
const NEXAR_TOKEN: RateLimitWindow[] = [
  { limit: 2, windowMs: 1000 },
  { limit: 200, windowMs: 15 * 60_000 },
  { limit: 3000, windowMs: 12 * 3_600_000 },
  { limit: 40_000, windowMs: 7 * 86_400_000 },
];

/** A clock the test moves by hand. */
const fakeClock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
};

/** Checks a schedule against a window the way a strict server would: no span of windowMs holds more than limit. */
const maxInAnySpan = (times: number[], windowMs: number) => {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
};

describe("earliestSlot", () => {
  it("is now while a window has room, and the moment the limit-th latest leaves it otherwise", () => {
    expect(earliestSlot([], [{ limit: 2, windowMs: 1000 }], 50)).toEqual({ at: 50, window: -1 });
    expect(earliestSlot([10], [{ limit: 2, windowMs: 1000 }], 50)).toEqual({ at: 50, window: -1 });
    expect(earliestSlot([10, 20], [{ limit: 2, windowMs: 1000 }], 50)).toEqual({ at: 1010, window: 0 });
    // The longer window binds: 3 in 10 s although 2 per second would allow it.
    expect(
      earliestSlot(
        [0, 2000, 4000],
        [
          { limit: 2, windowMs: 1000 },
          { limit: 3, windowMs: 10_000 },
        ],
        5000,
      ),
    ).toEqual({ at: 10_000, window: 1 });
  });
});

describe("memoryRateLimiter", () => {
  it("hands out slots in order, each one a definite time ahead: 5 per second for 23 requests", async () => {
    const clock = fakeClock();
    const limiter = memoryRateLimiter({ now: clock.now });
    const windows = [{ limit: 5, windowMs: 1000 }];
    const waits: number[] = [];
    for (let i = 0; i < 23; i++) {
      const r = await limiter.reserve("k", windows, 60_000);
      expect(r.granted).toBe(true);
      waits.push(r.waitMs);
    }
    expect(waits).toEqual([
      0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000, 2000, 3000, 3000, 3000, 3000, 3000, 4000, 4000, 4000,
    ]);
    // Keys are separate budgets.
    expect((await limiter.reserve("other", windows, 0)).granted).toBe(true);
  });

  it("refuses, reserving nothing, when the wait would exceed maxWaitMs, and names the window that binds", async () => {
    const clock = fakeClock();
    const limiter = memoryRateLimiter({ now: clock.now });
    const windows = [
      { limit: 1, windowMs: 1000 },
      { limit: 2, windowMs: 60_000 },
    ];
    await limiter.reserve("k", windows, 0);
    clock.advance(1000);
    await limiter.reserve("k", windows, 0);
    clock.advance(1000);
    expect(await limiter.reserve("k", windows, 5000)).toEqual({ granted: false, waitMs: 58_000, window: 1 });
    expect(await limiter.reserve("k", windows, 5000)).toEqual({ granted: false, waitMs: 58_000, window: 1 });
  });

  it("a pause holds everyone back until it ends; a shorter pause does not shorten it", async () => {
    const clock = fakeClock();
    const limiter = memoryRateLimiter({ now: clock.now });
    await limiter.pause("k", 3000);
    await limiter.pause("k", 1000);
    expect(await limiter.pausedFor("k")).toBe(3000);
    expect(await limiter.reserve("k", [], 1000)).toEqual({ granted: false, waitMs: 3000, window: -1 });
    const probe = await limiter.reserve("k", [], 5000);
    expect(probe).toMatchObject({ granted: true, waitMs: 3000, probe: true });
    clock.advance(3000);
    expect(await limiter.pausedFor("k")).toBe(0);
    await limiter.settleProbe!("k", (probe as { id: string }).id, true);
    expect(await limiter.reserve("k", [], 0)).toMatchObject({ granted: true, waitMs: 0 });
  });

  it("after a pause one probe goes out alone (half-open); the key reopens to everyone once it is answered", async () => {
    const clock = fakeClock();
    const limiter = memoryRateLimiter({ now: clock.now });
    await limiter.pause("k", 1000);
    clock.advance(1000);
    const probe = await limiter.reserve("k", [], 5000);
    expect(probe).toMatchObject({ granted: true, waitMs: 0, probe: true });
    const other = await limiter.reserve("k", [], 5000);
    expect(other).toMatchObject({ granted: true, waitMs: PROBE_RECHECK_MS, window: -1 });
    expect(other).not.toHaveProperty("probe");
    clock.advance(PROBE_RECHECK_MS);
    expect(await limiter.confirm("k", (other as { id: string }).id, [])).toBe(PROBE_RECHECK_MS); // the probe is still out
    // The probe failed without an answer: the next request probes again.
    await limiter.settleProbe!("k", (probe as { id: string }).id, false);
    const second = await limiter.reserve("k", [], 5000);
    expect(second).toMatchObject({ granted: true, waitMs: 0, probe: true });
    // It was answered: everyone goes.
    await limiter.settleProbe!("k", (second as { id: string }).id, true);
    expect(await limiter.confirm("k", (other as { id: string }).id, [])).toBe(0);
    expect(await limiter.reserve("k", [], 0)).toMatchObject({ granted: true, waitMs: 0 });
    // A probe that never comes back frees the key after PROBE_HOLD_MS.
    await limiter.pause("k", 10);
    clock.advance(10);
    expect(await limiter.reserve("k", [], 0)).toMatchObject({ probe: true });
    clock.advance(PROBE_HOLD_MS);
    expect(await limiter.reserve("k", [], 0)).toMatchObject({ granted: true, waitMs: 0, probe: true });
  });

  it("a cancelled slot is free again for those who come later", async () => {
    const clock = fakeClock();
    const limiter = memoryRateLimiter({ now: clock.now });
    const windows = [{ limit: 1, windowMs: 1000 }];
    await limiter.reserve("k", windows, 0);
    const second = await limiter.reserve("k", windows, 10_000);
    expect(second).toMatchObject({ granted: true, waitMs: 1000 });
    await limiter.cancel("k", (second as { id: string }).id);
    expect(await limiter.reserve("k", windows, 10_000)).toMatchObject({ granted: true, waitMs: 1000 });
  });

  it("confirm: on time, go; after a late request ahead, wait until the windows hold at real instants", async () => {
    const clock = fakeClock(0);
    const limiter = memoryRateLimiter({ now: clock.now });
    const windows = [{ limit: 1, windowMs: 1000 }];
    const first = await limiter.reserve("k", windows, 10_000);
    const second = await limiter.reserve("k", windows, 10_000);
    expect(second).toMatchObject({ granted: true, waitMs: 1000 });
    // The first was planned for 0 but only went out at 300 (a stalled process).
    clock.set(300);
    expect(await limiter.confirm("k", (first as { id: string }).id, windows)).toBe(0);
    // The second's slot comes at 1000: too close to the first's real instant; 300 ms more.
    clock.set(1000);
    expect(await limiter.confirm("k", (second as { id: string }).id, windows)).toBe(300);
    clock.set(1300);
    expect(await limiter.confirm("k", (second as { id: string }).id, windows)).toBe(0);
    // A third is queued after where the second really went.
    expect(await limiter.reserve("k", windows, 10_000)).toMatchObject({ waitMs: 1000 });
  });

  it("confirm during a pause answers the rest of the pause; an unknown id goes at once", async () => {
    const clock = fakeClock(0);
    const limiter = memoryRateLimiter({ now: clock.now });
    const r = await limiter.reserve("k", [{ limit: 5, windowMs: 1000 }], 0);
    await limiter.pause("k", 700);
    clock.advance(200);
    expect(await limiter.confirm("k", (r as { id: string }).id, [{ limit: 5, windowMs: 1000 }])).toBe(500);
    clock.advance(500);
    expect(await limiter.confirm("k", "nope", [{ limit: 5, windowMs: 1000 }])).toBe(0);
  });

  it("Nexar's token quota, all four windows at once, over a simulated week: never more than any window allows", async () => {
    const clock = fakeClock(0);
    const limiter = memoryRateLimiter({ now: clock.now });
    const sent: number[] = [];
    // A client that asks for a token as fast as the limiter lets it, for 8 simulated days.
    const end = 8 * 86_400_000;
    while (clock.now() < end) {
      const r = await limiter.reserve("nexar-token", NEXAR_TOKEN, Number.MAX_SAFE_INTEGER);
      if (!r.granted) throw new Error("refused");
      clock.advance(r.waitMs);
      sent.push(clock.now());
    }
    for (const w of NEXAR_TOKEN) expect(maxInAnySpan(sent, w.windowMs), `${w.limit} per ${w.windowMs} ms`).toBeLessThanOrEqual(w.limit);
    // …and it is not idle either: the weekly budget is what binds, and it is used in full.
    expect(sent.filter((t) => t < 7 * 86_400_000).length).toBe(40_000);
    expect(sent.slice(0, 4)).toEqual([0, 0, 1000, 1000]);
    // The 15-minute window binds after 200 tokens: the 201st waits for the 1st to leave it.
    expect(sent[200]).toBe(15 * 60_000);
  }, 60_000);
});
