import { describe, expect, it } from "vitest";
import { staffAccessOf } from "./staff-access";

const staff = (user: Record<string, unknown> = {}, session: Record<string, unknown> = {}) => ({
  user: { role: "admin", twoFactorEnabled: true, banned: false, banExpires: null, ...user },
  session: { impersonatedBy: null, ...session },
});

describe("staffAccessOf", () => {
  it("lets in a platform admin with two-factor authentication, signed in as themselves", () => {
    expect(staffAccessOf(staff())).toBe("ok");
  });

  it("refuses in order: signed out, impersonated, not staff, banned (until the ban expires), no two-factor", () => {
    expect(staffAccessOf(null)).toBe("signed-out");
    expect(staffAccessOf(staff({ role: "user", banned: true }, { impersonatedBy: "someone" }))).toBe("impersonated");
    expect(staffAccessOf(staff({ role: "user", banned: true }))).toBe("not-staff");
    expect(staffAccessOf(staff({ banned: true, twoFactorEnabled: false }))).toBe("banned");
    expect(staffAccessOf(staff({ banned: true, banExpires: new Date(Date.now() + 60_000) }))).toBe("banned");
    expect(staffAccessOf(staff({ banned: true, banExpires: new Date(Date.now() - 60_000) }))).toBe("ok");
    expect(staffAccessOf(staff({ twoFactorEnabled: false }))).toBe("needs-two-factor");
  });
});
