import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { RenderedEmail } from "./template";

export interface OutgoingEmail extends RenderedEmail {
  from: string;
  to: string;
}

/** Where rendered emails go: a real SMTP server, or the local outbox folder. */
export interface MailTransport {
  /** For the startup log, e.g. "SMTP smtp.example.com:587" or "outbox .data/mail". */
  readonly description: string;
  deliver(message: OutgoingEmail): Promise<void>;
}

function mimeFields({ from, to, subject, html, text }: OutgoingEmail) {
  return { from, to, subject, html, text };
}

/** Real delivery through an SMTP server, e.g. `smtps://user:pass@smtp.example.com:465`. */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  const url = new URL(smtpUrl);
  return {
    description: `SMTP ${url.hostname}:${url.port || (url.protocol === "smtps:" ? "465" : "587")}`,
    async deliver(message) {
      await transporter.sendMail(mimeFields(message));
    },
  };
}

/** What the outbox writes beside each `.eml`, so tools and tests need no MIME parser. */
export interface OutboxEntry {
  to: string;
  from: string;
  subject: string;
  text: string;
  actionUrl: string | null;
  sentAt: string;
  /** The `.eml` file (the full MIME message, openable in any mail client), relative to the outbox. */
  file: string;
}

/**
 * The development and test default: each message is built as a real MIME message by nodemailer
 * and written to `<dir>/<time>-<random>.eml`, with its link printed, so anyone can click through
 * sign-up without a mail server.
 */
export function createOutboxTransport(options: { dir: string; log?: (line: string) => void }): MailTransport {
  const { dir } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    description: `outbox ${dir}`,
    async deliver(message) {
      const info = await builder.sendMail(mimeFields(message));
      await mkdir(dir, { recursive: true });
      const base = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
      await writeFile(path.join(dir, `${base}.eml`), info.message as Buffer);
      const entry: OutboxEntry = {
        to: message.to,
        from: message.from,
        subject: message.subject,
        text: message.text,
        actionUrl: message.actionUrl ?? null,
        sentAt: new Date().toISOString(),
        file: `${base}.eml`,
      };
      // Written under a temporary name and renamed, so a reader never sees half a file.
      const temporary = path.join(dir, `.${base}.json.tmp`);
      await writeFile(temporary, JSON.stringify(entry, null, 2));
      await rename(temporary, path.join(dir, `${base}.json`));
      log(`✉  ${message.to} — ${message.subject}${message.actionUrl ? `\n   ${message.actionUrl}` : ""}\n   saved to ${path.join(dir, entry.file)}`);
    },
  };
}
