import { describe, expect, it } from "vitest";
import { accountExists, confirmEmailChange, emailChanged, invitation, renderEmail, resetPassword, twoFactorEnabled, verifyEmail, type EmailTemplate } from "./index";

const productName = "Acme CRM";
const url = "http://localhost:3000/api/auth/verify-email?token=abc.def&callbackURL=%2F";

const templates: Record<string, EmailTemplate> = {
  verifyEmail: verifyEmail({ productName, name: "Ada", url, expiresInMinutes: 60 }),
  resetPassword: resetPassword({ productName, name: "Ada", url, expiresInMinutes: 60 }),
  invitation: invitation({
    productName,
    inviterName: "Ada",
    inviterEmail: "ada@acme.example",
    organizationName: "Acme Robotics",
    role: "admin",
    url,
    expiresAt: new Date("2030-01-02T03:04:05Z"),
  }),
  emailChanged: emailChanged({ productName, name: "Ada", oldEmail: "old@acme.example", newEmail: "new@acme.example", undoUrl: url, undoExpiresInDays: 7 }),
  confirmEmailChange: confirmEmailChange({ productName, name: "Ada", currentEmail: "old@acme.example", newEmail: "new@acme.example", url, expiresInMinutes: 60 }),
  twoFactorEnabled: twoFactorEnabled({ productName, name: "Ada", settingsUrl: url }),
  accountExists: accountExists({ productName, name: "Ada", signInUrl: url, forgotPasswordUrl: "http://localhost:3000/forgot-password" }),
};

describe("email templates", () => {
  for (const [name, template] of Object.entries(templates)) {
    it(`${name}: renders HTML and plain text that both carry the link`, async () => {
      const rendered = await renderEmail(template);
      expect(rendered.subject.length).toBeGreaterThan(10);
      expect(rendered.html).toMatch(/^<!DOCTYPE html/i);
      // React escapes `&` in attributes; the plain text keeps the URL verbatim for copy-paste.
      expect(rendered.html).toContain(url.replaceAll("&", "&amp;"));
      expect(rendered.text).toContain(url);
      expect(rendered.text).not.toMatch(/<[a-z]/i);
      expect(rendered.actionUrl).toBe(url);
    });
  }

  it("puts the facts in the invitation: organization, inviter, role and expiry", async () => {
    const { text, subject } = await renderEmail(templates["invitation"]!);
    expect(subject).toBe("Ada invited you to Acme Robotics on Acme CRM");
    expect(text).toContain("ada@acme.example");
    expect(text).toMatch(/as\s+ADMIN|as\s+admin/);
    expect(text).toContain("January 2, 2030");
  });

  it("names both addresses in the email-changed notice", async () => {
    const { text } = await renderEmail(templates["emailChanged"]!);
    expect(text).toContain("old@acme.example to new@acme.example");
  });

  it("escapes what users typed: a name cannot inject markup", async () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const { html } = await renderEmail(verifyEmail({ productName, name: hostile, url, expiresInMinutes: 60 }));
    expect(html).not.toContain(hostile);
    expect(html).toContain("&lt;img src=x");
  });
});
