import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, leadViewFromParams, normalizePhone, paramsFromLeadView, type LeadView } from "./schemas";

describe("a list view in the URL", () => {
  it("round-trips every part of a view", () => {
    const view: LeadView = {
      filter: {
        statuses: ["new", "won"],
        sources: ["referral"],
        assignee: "unassigned",
        createdFrom: "2026-01-01",
        createdTo: "2026-03-31",
        valueMin: 100,
        valueMax: 2500.5,
        q: "ada lovelace",
      },
      sort: "value",
      dir: "asc",
    };
    const params = paramsFromLeadView(view);
    expect(params.toString()).toBe(
      "q=ada+lovelace&status=new%2Cwon&source=referral&assignee=unassigned&from=2026-01-01&to=2026-03-31&min=100&max=2500.5&sort=value&dir=asc",
    );
    expect(leadViewFromParams(params)).toEqual({ ...view, ignored: [] });
  });

  it("leaves defaults out, so the plain list is the plain URL", () => {
    expect(paramsFromLeadView(DEFAULT_VIEW).toString()).toBe("");
    expect(leadViewFromParams(new URLSearchParams())).toEqual({ ...DEFAULT_VIEW, ignored: [] });
  });

  it("keeps what parses from an old or hand-edited URL and names what it ignored", () => {
    const view = leadViewFromParams({ status: "new,bogus", source: "referral", sort: "shoe-size", q: "ab", from: "2026-02-30", min: "500", max: "100" });
    expect(view.filter).toEqual({ statuses: [], sources: ["referral"] });
    expect(view.sort).toBe("created");
    expect(view.ignored.sort()).toEqual(["from", "max", "q", "sort", "status"]);
  });
});

describe("normalizePhone", () => {
  it.each([
    ["+44 (20) 7946-0958", "+442079460958"],
    ["020 7946 0958", "02079460958"],
    ["555.123.4567", "5551234567"],
    ["call me", null],
    ["12345", null],
    ["+1234567890123456", null],
  ])("%s → %s", (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
});
