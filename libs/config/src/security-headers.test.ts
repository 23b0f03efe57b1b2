import { describe, expect, it } from "vitest";
import { securityHeaders, securityHeadersForRequest } from "./security-headers";

describe("security headers", () => {
  it("give a page a nonce-based policy, no framing, no sniffing, and HSTS in production only", () => {
    const development = securityHeaders({ production: false, strict: false, nonce: "abc" });
    expect(development["content-security-policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    expect(development["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(development).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" });
    expect(development).not.toHaveProperty("strict-transport-security");

    const production = securityHeaders({ production: true, strict: false, nonce: "abc" });
    expect(production["content-security-policy"]).not.toContain("unsafe-eval");
    expect(production["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(production["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  });

  it("are stricter in the console, and allow nothing for an API answer", () => {
    expect(securityHeaders({ production: true, strict: true, nonce: "abc" })).toMatchObject({ "referrer-policy": "no-referrer", "cache-control": "no-store" });
    expect(securityHeaders({ production: true, strict: false })["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("give every page request a fresh nonce, passed on to the app in the request's policy", () => {
    const first = securityHeadersForRequest(new Request("http://app.test/leads"), { production: true, strict: false });
    const second = securityHeadersForRequest(new Request("http://app.test/leads"), { production: true, strict: false });
    const nonceOf = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
    expect(nonceOf(first.responseHeaders["content-security-policy"])).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(nonceOf(first.responseHeaders["content-security-policy"])).not.toBe(nonceOf(second.responseHeaders["content-security-policy"]));
    expect(first.requestHeaders.get("content-security-policy")).toBe(first.responseHeaders["content-security-policy"]);
    expect(securityHeadersForRequest(new Request("http://app.test/api/trpc/x"), { production: true, strict: false }).responseHeaders["content-security-policy"]).toContain("default-src 'none'");
  });
});
