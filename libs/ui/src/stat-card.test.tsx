import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatCard } from "./stat-card";

describe("StatCard", () => {
  it("renders the label and the value with thousands separators", () => {
    const html = renderToStaticMarkup(<StatCard label="Leads" value={12345} />);
    expect(html).toContain("<dt");
    expect(html).toContain("Leads");
    expect(html).toContain("12,345");
  });

  it("renders the hint only when given", () => {
    expect(renderToStaticMarkup(<StatCard label="A" value={1} />)).not.toContain("<p");
    expect(renderToStaticMarkup(<StatCard label="A" value={1} hint="since launch" />)).toContain("since launch");
  });
});
