// npm run staff:enrol -- <email> — prints a one-time link with which that staff member sets up
// two-factor authentication in the admin console (the only way to: the password alone never
// reaches enrolment). Against DATABASE_URL, or the embedded development database; the link points
// at ADMIN_URL (default http://localhost:$ADMIN_PORT). Give the link to the person directly.
import { exitWith } from "./command";
import { withMigratedDevDatabase } from "./dev-database";
import { loadDotEnv, readDevEnv } from "./env";
import { staffEnrolmentLink } from "./staff-enrolment-link";

async function main(): Promise<number> {
  const email = process.argv[2];
  if (!email || email.startsWith("-")) {
    console.error("Usage: npm run staff:enrol -- <email of a staff member (user.role = 'admin')>");
    return 2;
  }
  loadDotEnv();
  const env = readDevEnv();
  const link = await withMigratedDevDatabase(env, (url) => staffEnrolmentLink(url, email, env.ADMIN_URL ?? `http://localhost:${env.ADMIN_PORT}`));
  if ("refusal" in link) {
    console.error(link.refusal);
    return 1;
  }
  console.log(`Two-factor enrolment link for ${email} (works once, until ${link.expiresAt.toISOString()}):\n${link.url}`);
  return 0;
}

exitWith(main);
