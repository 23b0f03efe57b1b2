import "server-only";
import { authEnvShape } from "@saas/auth";
import { parseEnv } from "@saas/config";
import { emailEnvShape } from "@saas/email";
import { z } from "zod";

const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** This app's public URL; links in emails and the allowed origin derive from it. */
  WEB_URL: z.url({ protocol: /^https?$/, error: "must be the app's URL, like https://app.example.com" }).optional(),
  ...authEnvShape,
  ...emailEnvShape,
});

export type WebEnv = z.infer<typeof webEnvSchema> & { WEB_URL: string; production: boolean };

/** The web app's configuration, validated once (at the first request, not at build time). */
export function readWebEnv(env: NodeJS.ProcessEnv = process.env): WebEnv {
  const parsed = parseEnv(webEnvSchema, env, "web");
  const production = parsed.NODE_ENV === "production";
  if (production && !parsed.WEB_URL) throw new Error("Invalid web configuration:\n  WEB_URL: is required in production");
  return { ...parsed, WEB_URL: parsed.WEB_URL ?? "http://localhost:3000", production };
}
