import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button } from "./button";

describe("Button", () => {
  // In the browser it is enabled once hydrated (the e2e flows click them); here, the server's HTML.
  it("is disabled in the server's HTML, so a click before hydration cannot be lost or submit a form natively", () => {
    const html = renderToStaticMarkup(
      <Button type="submit" onClick={() => undefined}>
        Sign in
      </Button>,
    );
    expect(html).toMatch(/<button[^>]* disabled=""/);
  });
});
