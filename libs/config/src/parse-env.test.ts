import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseEnv, port } from "./parse-env";

const schema = z.object({
  API_KEY: z.string().startsWith("sk_", "must start with sk_"),
  PORT: port(3000),
  OPTIONAL: z.string().optional(),
});

describe("parseEnv", () => {
  it("applies defaults and coerces numbers", () => {
    expect(parseEnv(schema, { API_KEY: "sk_1", PORT: "8080" }, "test")).toEqual({ API_KEY: "sk_1", PORT: 8080 });
    expect(parseEnv(schema, { API_KEY: "sk_1" }, "test").PORT).toBe(3000);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv(schema, { API_KEY: "sk_1", PORT: "", OPTIONAL: "" }, "test")).toEqual({ API_KEY: "sk_1", PORT: 3000 });
  });

  it("names every bad variable and never echoes its value", () => {
    const attempt = () => parseEnv(schema, { API_KEY: "pk_secret_value", PORT: "99999" }, "worker");
    expect(attempt).toThrow(/Invalid worker configuration/);
    expect(attempt).toThrow(/API_KEY: must start with sk_/);
    expect(attempt).toThrow(/PORT: /);
    expect(attempt).not.toThrow(/pk_secret_value/);
  });
});
