import { describe, expect, it } from "vitest";
import { compareSamples, histogram, normalCdf, percentile, summarize } from "./distribution";

describe("percentile", () => {
  it("interpolates between the nearest ranks (numpy's default)", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
    expect(percentile(sorted, 50)).toBe(5.5);
    expect(percentile(sorted, 10)).toBeCloseTo(1.9);
    expect(percentile(sorted, 99)).toBeCloseTo(9.91);
    expect(percentile([42], 75)).toBe(42);
    expect(() => percentile([], 50)).toThrow();
  });

  it("summarizes an unsorted sample", () => {
    expect(summarize([3, 1, 2, 4])).toMatchObject({ n: 4, min: 1, p50: 2.5, max: 4, mean: 2.5 });
  });
});

describe("compareSamples (Mann–Whitney)", () => {
  const brute = (a: number[], b: number[]) => {
    let wins = 0;
    for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
    return wins / (a.length * b.length);
  };

  it("is the probability that a value of a exceeds one of b, ties counting half", () => {
    expect(compareSamples([4, 5, 6], [1, 2, 3]).auc).toBe(1);
    expect(compareSamples([1, 2, 3], [4, 5, 6]).auc).toBe(0);
    expect(compareSamples([1, 2, 3], [1, 2, 3]).auc).toBe(0.5);
    expect(compareSamples([1, 2], [2, 3]).auc).toBe(0.125);
    const a = [5, 1, 7, 7, 3, 9, 2, 7];
    const b = [7, 4, 4, 8, 1, 6];
    expect(compareSamples(a, b).auc).toBeCloseTo(brute(a, b), 12);
  });

  it("gives the normal approximation's two-sided p-value", () => {
    const low = Array.from({ length: 10 }, (_, i) => i + 1);
    const high = low.map((value) => value + 10);
    const { z, p } = compareSamples(low, high);
    // U = 0, mean 50, variance 10·10·21/12: z = −3.78, p = 1.57e-4 (scipy, no continuity correction).
    expect(z).toBeCloseTo(-3.7796, 3);
    expect(p).toBeCloseTo(1.571e-4, 6);
    expect(compareSamples(low, low).p).toBeCloseTo(1, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
  });
});

describe("histogram", () => {
  it("counts values per equal slice, outliers in the end bins", () => {
    expect(histogram([0, 0.5, 1, 1.5, 2, 99, -5], 0, 2, 2)).toEqual([3, 4]);
  });
});
