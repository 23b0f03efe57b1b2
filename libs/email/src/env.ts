import { z } from "zod";
import { createOutboxTransport, createSmtpTransport, type MailTransport } from "./transports";

const SMTP_PROTOCOLS = new Set(["smtp:", "smtps:"]);

/**
 * The email variables, for each app's env schema to include. Parsed by the app (with
 * `parseEnv`), never read here.
 */
export const emailEnvShape = {
  /** Real delivery, e.g. `smtps://user:password@smtp.example.com:465`. Unset: the local outbox. */
  SMTP_URL: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && SMTP_PROTOCOLS.has(new URL(value).protocol), {
      message: "must be a URL starting with smtp:// or smtps://, e.g. smtps://user:password@smtp.example.com:465",
    })
    .optional(),
  /** The From header, e.g. `Acme CRM <no-reply@acme.example>`. */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>]+<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+)$/, "must be an address, or `Name <address>`")
    .default("Acme CRM <no-reply@acme.example>"),
  /** Where the local outbox writes `.eml` files when SMTP_URL is unset (default `.data/mail`). */
  MAIL_OUTBOX_DIR: z.string().trim().min(1).optional(),
};

export interface EmailEnv {
  SMTP_URL?: string;
  MAIL_OUTBOX_DIR?: string;
}

/**
 * SMTP when SMTP_URL is set, otherwise the local outbox. In production the outbox must be asked
 * for explicitly (MAIL_OUTBOX_DIR), so a forgotten SMTP_URL cannot swallow every email silently.
 */
export function mailTransportFromEnv(env: EmailEnv, options: { production: boolean; log?: (line: string) => void }): MailTransport {
  if (env.SMTP_URL) return createSmtpTransport(env.SMTP_URL);
  if (options.production && !env.MAIL_OUTBOX_DIR) {
    throw new Error(
      "Invalid email configuration: SMTP_URL is not set. In production set SMTP_URL (or MAIL_OUTBOX_DIR to keep emails in a local folder on purpose).",
    );
  }
  return createOutboxTransport({ dir: env.MAIL_OUTBOX_DIR ?? ".data/mail", log: options.log });
}
