import { describe, expect, it } from "vitest";
import { createDb } from "./client";
import { parseDatabaseUrl, redactDatabaseUrl } from "./env";

// A password that must never appear in an error message, whatever is wrong with the URL.
const SECRET = "s3cr3t-Pa55";

/** The message parseDatabaseUrl throws for `value`, or fails the test when it does not throw. */
function refusal(value: unknown, name?: string): string {
  try {
    parseDatabaseUrl(value, name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`parseDatabaseUrl accepted ${String(value)}`);
}

describe("parseDatabaseUrl", () => {
  it("accepts postgresql:// and postgres:// URLs with a host and a database, trimmed", () => {
    expect(parseDatabaseUrl(`postgresql://app:${SECRET}@localhost:5432/saas`)).toBe(
      `postgresql://app:${SECRET}@localhost:5432/saas`,
    );
    expect(parseDatabaseUrl("  postgres://app@db.example.com/saas?sslmode=require \n")).toBe(
      "postgres://app@db.example.com/saas?sslmode=require",
    );
  });

  it.each([
    { why: "not a URL at all", value: "nonsense", message: /DATABASE_URL is not a valid URL; expected postgresql:\/\// },
    { why: "a malformed URL (port is not a number)", value: `postgresql://app:${SECRET}@localhost:port/saas`, message: /DATABASE_URL is not a valid URL/ },
    { why: "a host and path without a scheme", value: `app:${SECRET}@localhost:5432/saas`, message: /DATABASE_URL must start with postgresql:\/\/ or postgres:\/\// },
    { why: "the wrong protocol", value: `mysql://app:${SECRET}@localhost:3306/saas`, message: /DATABASE_URL must start with postgresql:\/\/ or postgres:\/\/ \(got mysql:\/\/\)/ },
    { why: "an http URL", value: `https://app:${SECRET}@localhost/saas`, message: /\(got https:\/\/\)/ },
    { why: "no database name", value: `postgresql://app:${SECRET}@localhost:5432`, message: /DATABASE_URL has no database name after the host/ },
    { why: "a bare slash for the database", value: `postgresql://app:${SECRET}@localhost:5432/`, message: /DATABASE_URL has no database name/ },
    { why: "no host", value: `postgresql:///saas`, message: /DATABASE_URL has no host/ },
    { why: "empty", value: "   ", message: /DATABASE_URL is empty/ },
    { why: "unset", value: undefined, message: /DATABASE_URL is not set/ },
  ])("refuses $why, naming the variable and never echoing the password", ({ value, message }) => {
    const text = refusal(value);
    expect(text).toMatch(/^Invalid configuration: /);
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
  });

  it("names the variable it was given", () => {
    const text = refusal(`mysql://app:${SECRET}@localhost/saas`, "TEST_DATABASE_URL");
    expect(text).toMatch(/TEST_DATABASE_URL must start with postgresql:\/\//);
    expect(text).not.toContain(SECRET);
  });
});

describe("redactDatabaseUrl", () => {
  it("hides the password, keeps the rest", () => {
    const redacted = redactDatabaseUrl(`postgresql://app:${SECRET}@localhost:5432/saas`);
    expect(redacted).toBe("postgresql://app:***@localhost:5432/saas");
  });

  it("hides a password given as a parameter too", () => {
    const redacted = redactDatabaseUrl(`postgresql://app@localhost/saas?password=${SECRET}&sslmode=disable`);
    expect(redacted).toBe("postgresql://app@localhost/saas?password=***&sslmode=disable");
  });

  it("shows nothing of a string that is not a postgresql:// URL (it might hold a password)", () => {
    expect(redactDatabaseUrl(`postgresql://app:${SECRET}@localhost:port/saas`)).toBe("(unparseable URL)");
    // `new URL` parses this one (scheme "app:", the rest an opaque path holding the password).
    expect(redactDatabaseUrl(`app:${SECRET}@localhost:5432/saas`)).toBe("(not a postgresql:// URL)");
    expect(redactDatabaseUrl(`mysql://app:${SECRET}@localhost/saas`)).toBe("(not a postgresql:// URL)");
  });
});

describe("createDb", () => {
  it("throws the same clear error for a malformed URL, before opening any connection", () => {
    expect(() => createDb("nonsense")).toThrow(
      "Invalid configuration: DATABASE_URL is not a valid URL; expected postgresql://user:password@host:5432/database",
    );
    let message = "";
    try {
      createDb(`mysql://app:${SECRET}@localhost/saas`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must start with postgresql:\/\//);
    expect(message).not.toContain(SECRET);
  });
});
