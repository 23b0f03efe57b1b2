import { issueStaffEnrolment, StaffEnrolmentError } from "@saas/auth";
import { createDb } from "@saas/db";

/** The link, or a sentence saying why there is none. */
export async function staffEnrolmentLink(databaseUrl: string, email: string, adminUrl: string): Promise<{ url: string; expiresAt: Date } | { refusal: string }> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    return await issueStaffEnrolment(db, { email, adminUrl });
  } catch (error) {
    if (error instanceof StaffEnrolmentError) return { refusal: error.message };
    throw error;
  } finally {
    await db.close();
  }
}
