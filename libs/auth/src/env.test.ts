import { parseEnv } from "@saas/config";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { authEnvShape, authOptionsFromEnv, DEVELOPMENT_SECRET, NO_TRUSTED_IP_HEADER } from "./env";

const schema = z.object(authEnvShape);
const parse = (env: Record<string, string>) => parseEnv(schema, env, "web");

describe("auth configuration from the environment", () => {
  it("needs nothing in development, and turns OAuth on only with both keys", () => {
    expect(authOptionsFromEnv(parse({}), { production: false })).toEqual({
      secret: DEVELOPMENT_SECRET,
      extraTrustedOrigins: undefined,
      trustedIpHeader: undefined,
      trustedProxies: undefined,
      oauth: { github: undefined, google: undefined },
    });
    const withGithub = authOptionsFromEnv(parse({ GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "secret" }), { production: false });
    expect(withGithub.oauth).toEqual({ github: { clientId: "id", clientSecret: "secret" }, google: undefined });
    expect(() => authOptionsFromEnv(parse({ GOOGLE_CLIENT_ID: "id" }), { production: false })).toThrow(/set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET/);
  });

  it("refuses production without a secret of its own", () => {
    expect(() => authOptionsFromEnv(parse({ AUTH_TRUSTED_IP_HEADER: "x-forwarded-for" }), { production: true })).toThrow(/BETTER_AUTH_SECRET is required in production/);
    expect(() => parse({ BETTER_AUTH_SECRET: "too-short" })).toThrow(/BETTER_AUTH_SECRET: must be at least 32 characters/);
    const secret = "x".repeat(40);
    expect(authOptionsFromEnv(parse({ BETTER_AUTH_SECRET: secret, AUTH_TRUSTED_IP_HEADER: "x-forwarded-for" }), { production: true }).secret).toBe(secret);
  });

  it("refuses production without a client-IP header, unless `none` says so on purpose", () => {
    const secret = "x".repeat(40);
    // Without a header every client shares one rate-limit bucket: a few bad sign-ins lock everyone out.
    expect(() => authOptionsFromEnv(parse({ BETTER_AUTH_SECRET: secret }), { production: true })).toThrow(
      /AUTH_TRUSTED_IP_HEADER is required in production.*set AUTH_TRUSTED_IP_HEADER=none/s,
    );
    // Both problems at once, so a first deployment is fixed in one go.
    expect(() => authOptionsFromEnv(parse({}), { production: true })).toThrow(/BETTER_AUTH_SECRET is required[\s\S]*AUTH_TRUSTED_IP_HEADER is required/);
    expect(authOptionsFromEnv(parse({ BETTER_AUTH_SECRET: secret, AUTH_TRUSTED_IP_HEADER: "CF-Connecting-IP" }), { production: true }).trustedIpHeader).toBe(
      "cf-connecting-ip",
    );
    // The opt-out boots, and believes no header (it is not a header named "none").
    expect(NO_TRUSTED_IP_HEADER).toBe("none");
    const optedOut = authOptionsFromEnv(parse({ BETTER_AUTH_SECRET: secret, AUTH_TRUSTED_IP_HEADER: " None " }), { production: true });
    expect(optedOut.trustedIpHeader).toBeUndefined();
    // Development needs neither.
    expect(authOptionsFromEnv(parse({}), { production: false }).trustedIpHeader).toBeUndefined();
    expect(authOptionsFromEnv(parse({ AUTH_TRUSTED_IP_HEADER: "none" }), { production: false }).trustedIpHeader).toBeUndefined();
  });

  it("parses the proxy and origin lists, naming what is wrong", () => {
    const env = parse({
      AUTH_TRUSTED_IP_HEADER: " X-Forwarded-For ",
      AUTH_TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.1, ::1/128",
      AUTH_TRUSTED_ORIGINS: "https://partner.example.com",
    });
    expect(authOptionsFromEnv(env, { production: false })).toMatchObject({
      trustedIpHeader: "x-forwarded-for",
      trustedProxies: ["10.0.0.0/8", "192.168.1.1", "::1/128"],
      extraTrustedOrigins: ["https://partner.example.com"],
    });
    expect(() => parse({ AUTH_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/AUTH_TRUSTED_PROXIES.*CIDR/);
    expect(() => parse({ AUTH_TRUSTED_ORIGINS: "https://partner.example.com/path" })).toThrow(/AUTH_TRUSTED_ORIGINS.*origin/);
    expect(() => parse({ AUTH_TRUSTED_IP_HEADER: "x forwarded" })).toThrow(/AUTH_TRUSTED_IP_HEADER: must be a header name/);
  });
});
