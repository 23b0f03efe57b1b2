import "server-only";
import { authEnvShape } from "@saas/auth";
import { parseEnv } from "@saas/config";
import { emailEnvShape } from "@saas/email";
import { z } from "zod";

const appUrl = z.url({ protocol: /^https?$/, error: "must be a URL, like https://admin.example.com" });

const adminEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** The console's public URL: its auth origin. */
  ADMIN_URL: appUrl.optional(),
  /** The customer app, for links in emails and "forgot your password?". */
  WEB_URL: appUrl.optional(),
  ...authEnvShape,
  ...emailEnvShape,
});

export type AdminEnv = z.infer<typeof adminEnvSchema> & { ADMIN_URL: string; WEB_URL: string; production: boolean };

/** The console's configuration, validated once (at the first request, not at build time). */
export function readAdminEnv(env: NodeJS.ProcessEnv = process.env): AdminEnv {
  const parsed = parseEnv(adminEnvSchema, env, "admin");
  const production = parsed.NODE_ENV === "production";
  const missing = (["ADMIN_URL", "WEB_URL"] as const).filter((name) => production && !parsed[name]);
  if (missing.length > 0) throw new Error(`Invalid admin configuration:\n${missing.map((name) => `  ${name}: is required in production`).join("\n")}`);
  return { ...parsed, ADMIN_URL: parsed.ADMIN_URL ?? "http://localhost:3001", WEB_URL: parsed.WEB_URL ?? "http://localhost:3000", production };
}
