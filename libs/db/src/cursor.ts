import { AppError } from "@saas/errors";
import { z } from "zod";

/**
 * A keyset cursor: the last row's sort key, exactly as PostgreSQL printed it (a timestamp keeps
 * its microseconds, which a JavaScript Date would lose), and its id, the tiebreaker. Opaque to
 * clients: base64url JSON.
 */
export interface Cursor {
  key: string;
  id: string;
}

const cursorShape = z.tuple([z.string().max(300), z.uuid()]);

export const encodeCursor = ({ key, id }: Cursor) => Buffer.from(JSON.stringify([key, id])).toString("base64url");

export function decodeCursor(cursor: string): Cursor {
  try {
    const [key, id] = cursorShape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { key, id };
  } catch {
    throw new AppError("BAD_REQUEST", "This page of the list is no longer valid. Reload the list.", {
      reason: "BAD_CURSOR",
      fieldErrors: { cursor: "Unknown page" },
    });
  }
}
