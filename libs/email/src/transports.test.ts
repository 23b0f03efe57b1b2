import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailer, emailEnvShape, mailTransportFromEnv, verifyEmail } from "./index";
import { readOutbox, waitForEmail } from "./outbox-reader";
import { z } from "zod";

const template = verifyEmail({
  productName: "Acme CRM",
  name: "Ada",
  url: "http://localhost:3000/api/auth/verify-email?token=t0k3n",
  expiresInMinutes: 60,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "saas-outbox-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("local outbox", () => {
  it("writes a real MIME message (.eml) with text and HTML parts, and prints the link", async () => {
    const lines: string[] = [];
    const mailer = createMailer({
      from: "Acme CRM <no-reply@acme.example>",
      transport: mailTransportFromEnv({ MAIL_OUTBOX_DIR: dir }, { production: false, log: (line) => lines.push(line) }),
    });
    await mailer.send("ada@acme.example", template);

    const files = (await readdir(dir)).sort();
    expect(files.filter((name) => name.endsWith(".eml"))).toHaveLength(1);
    const eml = await readFile(path.join(dir, files.find((name) => name.endsWith(".eml"))!), "utf8");
    expect(eml).toMatch(/^From: Acme CRM <no-reply@acme\.example>$/m);
    expect(eml).toMatch(/^To: ada@acme\.example$/m);
    expect(eml).toMatch(/^Subject: Confirm your email for Acme CRM$/m);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(eml).toMatch(/^Content-Type: text\/plain/m);
    expect(eml).toMatch(/^Content-Type: text\/html/m);

    expect(lines.join("\n")).toContain("http://localhost:3000/api/auth/verify-email?token=t0k3n");
    const [entry] = await readOutbox(dir);
    expect(entry).toMatchObject({ to: "ada@acme.example", actionUrl: "http://localhost:3000/api/auth/verify-email?token=t0k3n" });
    expect((await waitForEmail(dir, { to: "ADA@acme.example", subject: "Confirm" })).file).toBe(entry!.file);
  });

  it("waitForEmail fails clearly when nothing arrives", async () => {
    await expect(waitForEmail(dir, { to: "nobody@acme.example" }, 300)).rejects.toThrow(/No email to nobody@acme\.example/);
  });

  it("reads an outbox that does not exist yet as empty", async () => {
    expect(await readOutbox(path.join(dir, "missing"))).toEqual([]);
  });
});

/** A minimal SMTP server: enough of RFC 5321 for nodemailer to deliver one message to it. */
function startSmtpServer() {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let inData = false;
    let data = "";
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(data);
            data = "";
            socket.write("250 OK queued\r\n");
          } else data += `${line}\n`;
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO" || command === "HELO") socket.write("250-test\r\n250 8BITMIME\r\n");
        else if (command === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (command === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  return new Promise<{ port: number; received: string[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, received, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

describe("SMTP transport", () => {
  it("delivers the message to the SMTP server in SMTP_URL", async () => {
    const smtp = await startSmtpServer();
    try {
      const transport = mailTransportFromEnv({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { production: true });
      expect(transport.description).toBe(`SMTP 127.0.0.1:${smtp.port}`);
      await createMailer({ from: "no-reply@acme.example", transport }).send("ada@acme.example", template);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatch(/^Subject: Confirm your email for Acme CRM$/m);
      expect(smtp.received[0]).toMatch(/^To: ada@acme\.example$/m);
      expect(smtp.received[0]).toContain("multipart/alternative");
      // Nothing went to the outbox.
      expect(await readOutbox(dir)).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});

describe("email configuration", () => {
  const schema = z.object(emailEnvShape);

  it("refuses production without SMTP_URL unless an outbox is asked for explicitly", () => {
    expect(() => mailTransportFromEnv({}, { production: true })).toThrow(/SMTP_URL is not set/);
    expect(mailTransportFromEnv({ MAIL_OUTBOX_DIR: dir }, { production: true }).description).toBe(`outbox ${dir}`);
    expect(mailTransportFromEnv({}, { production: false }).description).toBe("outbox .data/mail");
  });

  it("names the problem with a bad SMTP_URL or MAIL_FROM", () => {
    const result = schema.safeParse({ SMTP_URL: "http://mail.example.com", MAIL_FROM: "not an address" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages).toContain("SMTP_URL: must be a URL starting with smtp:// or smtps://, e.g. smtps://user:password@smtp.example.com:465");
    expect(messages).toContain("MAIL_FROM: must be an address, or `Name <address>`");
    expect(schema.parse({}).MAIL_FROM).toBe("Acme CRM <no-reply@acme.example>");
  });
});
