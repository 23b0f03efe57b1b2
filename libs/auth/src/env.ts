import { isIP } from "node:net";
import { z } from "zod";
import type { CreateAuthOptions } from "./create-auth";

/** A fixed secret for development and tests only; production refuses to start without its own. */
export const DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production";

/**
 * `AUTH_TRUSTED_IP_HEADER=none`: no proxy header carries the client IP, said on purpose. Rate
 * limits then count every client in one bucket per endpoint; production refuses to start without
 * either a header or this value, so nobody ends up there by forgetting the variable.
 */
export const NO_TRUSTED_IP_HEADER = "none";

const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item));

const origin = z.string().refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/+$/, ""), {
  message: "each entry must be an origin like https://app.example.com (scheme, host and port only)",
});

const cidr = z.string().refine(
  (value) => {
    const [address = "", prefix, extra] = value.split("/");
    const family = isIP(address);
    if (!family || extra !== undefined) return false;
    if (prefix === undefined) return true;
    return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  },
  { message: "each entry must be an IP address or CIDR range, like 10.0.0.0/8" },
);

/**
 * The auth variables, for each app's env schema to include. Parsed by the app (with `parseEnv`),
 * never read here; `authOptionsFromEnv` turns them into `createAuth` options.
 */
export const authEnvShape = {
  /** Signs sessions and tokens, encrypts 2FA secrets. Required in production. */
  BETTER_AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters; generate one with `openssl rand -base64 32`")
    .optional(),
  /** Other origins allowed to call the auth endpoints, comma-separated (the app's own always is). */
  AUTH_TRUSTED_ORIGINS: commaList(origin).optional(),
  /**
   * The header your proxy sets to the client IP (e.g. x-forwarded-for). Unset, or `none`: no header
   * is believed. Production needs one of the two (see NO_TRUSTED_IP_HEADER).
   */
  AUTH_TRUSTED_IP_HEADER: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+$/, "must be a header name, like x-forwarded-for")
    .optional(),
  /** Your proxies' addresses (CIDR), stripped from the right of a multi-hop x-forwarded-for. */
  AUTH_TRUSTED_PROXIES: commaList(cidr).optional(),
  GITHUB_CLIENT_ID: z.string().trim().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().trim().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
};

export type AuthEnv = z.infer<z.ZodObject<typeof authEnvShape>>;

function oauthPair(env: AuthEnv, provider: "GITHUB" | "GOOGLE") {
  const clientId = env[`${provider}_CLIENT_ID`];
  const clientSecret = env[`${provider}_CLIENT_SECRET`];
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    throw new Error(`Invalid auth configuration: set both ${provider}_CLIENT_ID and ${provider}_CLIENT_SECRET, or neither.`);
  }
  return { clientId, clientSecret };
}

/** The parts of `createAuth`'s options that come from the environment. */
export function authOptionsFromEnv(
  env: AuthEnv,
  { production }: { production: boolean },
): Pick<CreateAuthOptions, "secret" | "extraTrustedOrigins" | "trustedIpHeader" | "trustedProxies" | "oauth"> {
  const problems: string[] = [];
  if (production && !env.BETTER_AUTH_SECRET) {
    problems.push("BETTER_AUTH_SECRET is required in production (generate one with `openssl rand -base64 32`).");
  }
  if (production && !env.AUTH_TRUSTED_IP_HEADER) {
    problems.push(
      "AUTH_TRUSTED_IP_HEADER is required in production: the header your proxy sets to the client IP (e.g. x-forwarded-for). " +
        "Without it every client shares one rate-limit bucket, and a few failed sign-ins lock everyone out. " +
        `If no proxy sets such a header and you accept that, set AUTH_TRUSTED_IP_HEADER=${NO_TRUSTED_IP_HEADER}.`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid auth configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  return {
    secret: env.BETTER_AUTH_SECRET ?? DEVELOPMENT_SECRET,
    extraTrustedOrigins: env.AUTH_TRUSTED_ORIGINS,
    trustedIpHeader: env.AUTH_TRUSTED_IP_HEADER === NO_TRUSTED_IP_HEADER ? undefined : env.AUTH_TRUSTED_IP_HEADER,
    trustedProxies: env.AUTH_TRUSTED_PROXIES,
    oauth: { github: oauthPair(env, "GITHUB"), google: oauthPair(env, "GOOGLE") },
  };
}
