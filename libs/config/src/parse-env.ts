import { z } from "zod";

export type EnvSchema = z.ZodObject<z.ZodRawShape>;

/** A TCP port number from an environment string. */
export const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/**
 * Parses environment variables once, at boot. Empty strings count as unset (so `FOO=` in a .env
 * file means "not configured", as people expect). On failure it throws one error listing every
 * bad variable with the reason, and never the value, which may be a secret.
 */
export function parseEnv<S extends EnvSchema>(
  schema: S,
  source: Record<string, string | undefined>,
  label: string,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(`Invalid ${label} configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}
