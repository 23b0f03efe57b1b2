import { z } from "zod";
import { describe, expect, it } from "vitest";
import { AppError, fieldErrorsOf, GENERIC_MESSAGE, toHttpError } from "./index";

describe("fieldErrorsOf", () => {
  const schema = z.strictObject({
    name: z.string().min(1, "Enter a name"),
    contact: z.object({ email: z.email("Enter a valid email address") }),
    tags: z.array(z.string().max(3, "At most 3 characters")),
  });

  it("keys each message by its full path, first message per field", () => {
    const result = schema.safeParse({ name: "", contact: { email: "nope" }, tags: ["ok", "too long"] });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({
      name: "Enter a name",
      "contact.email": "Enter a valid email address",
      "tags.1": "At most 3 characters",
    });
  });

  it("names each unknown key of a strict object on its own path", () => {
    const result = schema.safeParse({ name: "x", contact: { email: "a@b.co" }, tags: [], role: "admin" });
    expect(fieldErrorsOf(result.error!)).toEqual({ role: "role cannot be changed here" });
  });

  it("puts an error of the whole value under 'form'", () => {
    const result = z.string().safeParse(1);
    expect(Object.keys(fieldErrorsOf(result.error!))).toEqual(["form"]);
  });
});

describe("toHttpError", () => {
  it("maps an AppError to its status with code, reason, message and field errors", () => {
    const error = new AppError("CONFLICT", "Someone else changed this lead.", { reason: "STALE_EDIT" });
    expect(toHttpError(error, "req-1")).toEqual({
      status: 409,
      expected: true,
      body: { error: { code: "CONFLICT", reason: "STALE_EDIT", message: "Someone else changed this lead.", requestId: "req-1" } },
    });
  });

  it("turns a zod error into a 400 that names the field", () => {
    const result = z.object({ limit: z.number().max(100, "At most 100") }).safeParse({ limit: 500 });
    const { status, body } = toHttpError(result.error, "req-2");
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "BAD_REQUEST", message: "limit: At most 100", fieldErrors: { limit: "At most 100" } });
  });

  it("hides anything else behind a generic message and the request id", () => {
    const { status, body, expected } = toHttpError(new Error("connection string postgres://user:secret@db"), "req-3");
    expect({ status, expected }).toEqual({ status: 500, expected: false });
    expect(body).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: GENERIC_MESSAGE, requestId: "req-3" } });
    expect(JSON.stringify(body)).not.toContain("secret");
  });
});
