import { hashPassword } from "@saas/auth";
import { and, count, eq, inArray } from "drizzle-orm";
import {
  accountTable,
  LeadSources,
  LeadStatus,
  LeadStatuses,
  leadTable,
  memberTable,
  MemberRole,
  organizationTable,
  UserRole,
  userTable,
  type Database,
  type LeadStatus as LeadStatusValue,
} from "@saas/db";
import { createRandom, type Random } from "./random";

/**
 * Demo data for a new developer: two organizations with their people and a few hundred leads
 * spread over every pipeline stage. Idempotent: ids are deterministic and every insert skips
 * rows that exist, so running it again changes nothing.
 */

interface DemoPerson {
  name: string;
  email: string;
  role: MemberRole;
}

interface DemoOrganization {
  name: string;
  slug: string;
  leadCount: number;
  people: DemoPerson[];
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    name: "Acme Robotics",
    slug: "acme",
    leadCount: 180,
    people: [
      { name: "Ada Owner", email: "ada@acme.example", role: MemberRole.owner },
      { name: "Ben Admin", email: "ben@acme.example", role: MemberRole.admin },
      { name: "Cara Member", email: "cara@acme.example", role: MemberRole.member },
    ],
  },
  {
    name: "Globex Logistics",
    slug: "globex",
    leadCount: 120,
    people: [
      { name: "Dan Owner", email: "dan@globex.example", role: MemberRole.owner },
      { name: "Eve Member", email: "eve@globex.example", role: MemberRole.member },
    ],
  },
];

/**
 * Every demo person, and the staff member, signs in with this password (printed by `npm run dev`).
 * Demo data goes only into an empty development database; never seed it into production (the
 * commands check with demoSeedRefusal first, see demo-seed-guard.ts).
 */
export const DEMO_PASSWORD = "acme-demo-password";

/** A platform admin for the staff console; sets up two-factor authentication from the enrolment link `npm run dev` prints. */
export const DEMO_STAFF = { name: "Sam Staff", email: "staff@acme.example" } as const;

/** The logins `npm run dev` prints. */
export const DEMO_LOGINS = [
  { kind: "customer", email: "ada@acme.example", note: "owner of Acme Robotics (web)" },
  { kind: "staff", email: DEMO_STAFF.email, note: "platform admin (admin console; sets up 2FA from the link below)" },
] as const;

const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Mia", "James",
  "Isabella", "Lucas", "Harper", "Mateo", "Evelyn", "Hiro", "Aiko", "Priya", "Arjun", "Fatima",
  "Omar", "Chloé", "Lukas", "Sofía", "Diego", "Ingrid", "Nils", "Zanele", "Kwame", "Mei",
];
const LAST_NAMES = [
  "Smith", "Johnson", "Garcia", "Müller", "Rossi", "Tanaka", "Kowalski", "Nguyen", "Okafor",
  "Silva", "Andersson", "Dubois", "Patel", "Kim", "O'Brien", "Haddad", "Novak", "Jensen",
  "Moreau", "Schmidt", "Sato", "Cohen", "Fernández", "Larsen", "Mensah",
];
const COMPANIES = [
  "Northwind Traders", "Contoso", "Initech", "Umbrella Health", "Stark Industries", "Wayne Logistics",
  "Hooli", "Vandelay Imports", "Soylent Foods", "Tyrell Systems", "Cyberdyne", "Wonka Confections",
  "Aperture Labs", "Gringotts Finance", "Oceanic Air", "Massive Dynamic", "Pied Piper", "Dunder Mifflin",
  "Blue Sun", "Monarch Solutions", "Nakatomi Trading", "Oscorp", "Prestige Worldwide", "Sterling Cooper",
];
const JOB_TITLES = [
  "CEO", "CTO", "VP of Sales", "Head of Operations", "Procurement Manager", "IT Director",
  "Product Manager", "Engineering Manager", "Founder", "Office Manager", "CFO", "Head of Growth",
];
const NOTES = [
  "Met at the spring trade fair; wants a demo for their operations team.",
  "Budget approved for Q3, waiting on legal review.",
  "Asked for a security questionnaire and SOC 2 report.",
  "Currently using a competitor, contract ends in four months.",
  "Referred by an existing customer.",
  "Interested in the annual plan if we can onboard 40 seats.",
];

/** Later pipeline stages are rarer, as in a real funnel. */
const STATUS_WEIGHTS: Record<LeadStatusValue, number> = {
  new: 25, contacted: 20, qualified: 15, proposal: 12, negotiation: 10, won: 10, lost: 8,
};

function weightedStatus(random: Random): LeadStatusValue {
  const total = Object.values(STATUS_WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (const status of LeadStatuses) {
    roll -= STATUS_WEIGHTS[status];
    if (roll < 0) return status;
  }
  return LeadStatus.new;
}

function slugify(value: string): string {
  return value.toLowerCase().normalize("NFD").replace(/[^a-z0-9]+/g, "");
}

function demoLeads(random: Random, organizationId: string, assignees: string[], total: number) {
  const now = Date.now();
  return Array.from({ length: total }, (_, index) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const company = random.pick(COMPANIES);
    // The first leads take each status once, so every stage of the pipeline has rows.
    const status = LeadStatuses[index] ?? weightedStatus(random);
    const createdAt = new Date(now - random.int(0, 180) * 86_400_000 - random.int(0, 86_399) * 1000);
    return {
      id: random.uuid(),
      organizationId,
      firstName,
      lastName,
      email: `${slugify(firstName)}.${slugify(lastName)}@${slugify(company)}.example`,
      phone: random.chance(0.7) ? `+1 555 01${String(random.int(0, 99)).padStart(2, "0")}` : null,
      company,
      jobTitle: random.pick(JOB_TITLES),
      status,
      source: random.pick(LeadSources),
      estimatedValue: random.chance(0.85) ? random.int(5, 1200) * 100 : null,
      notes: random.chance(0.4) ? random.pick(NOTES) : null,
      assignedToId: random.chance(0.8) ? random.pick(assignees) : null,
      createdAt,
      updatedAt: createdAt,
    };
  });
}

export interface SeedSummary {
  organizations: number;
  users: number;
  leads: number;
}

export async function seedDemoData(db: Database): Promise<SeedSummary> {
  const random = createRandom(20_261_126);
  await db.transaction(async (tx) => {
    for (const demo of DEMO_ORGANIZATIONS) {
      const organizationId = random.uuid();
      await tx
        .insert(organizationTable)
        .values({ id: organizationId, name: demo.name, slug: demo.slug, billingEmail: demo.people[0]?.email })
        .onConflictDoNothing({ target: organizationTable.slug });
      const [organization] = await tx
        .select({ id: organizationTable.id })
        .from(organizationTable)
        .where(eq(organizationTable.slug, demo.slug));
      if (!organization) throw new Error(`seed: organization ${demo.slug} is missing`);

      await tx
        .insert(userTable)
        .values(demo.people.map((person) => ({ id: random.uuid(), name: person.name, email: person.email, emailVerified: true })))
        .onConflictDoNothing({ target: userTable.email });
      const users = await tx
        .select({ id: userTable.id, email: userTable.email })
        .from(userTable)
        .where(inArray(userTable.email, demo.people.map((person) => person.email)));
      const userIdByEmail = new Map(users.map((user) => [user.email, user.id]));
      const userIdOf = (email: string) => {
        const userId = userIdByEmail.get(email);
        if (!userId) throw new Error(`seed: user ${email} is missing`);
        return userId;
      };
      await tx
        .insert(memberTable)
        .values(demo.people.map((person) => ({ organizationId: organization.id, userId: userIdOf(person.email), role: person.role })))
        .onConflictDoNothing({ target: [memberTable.organizationId, memberTable.userId] });

      const leads = demoLeads(random, organization.id, [...userIdByEmail.values()], demo.leadCount);
      await tx.insert(leadTable).values(leads).onConflictDoNothing({ target: leadTable.id });
    }

    await tx
      .insert(userTable)
      .values({ id: random.uuid(), name: DEMO_STAFF.name, email: DEMO_STAFF.email, emailVerified: true, role: UserRole.admin })
      .onConflictDoNothing({ target: userTable.email });
    await addDemoPasswords(tx, demoEmails());
  });
  return countDemoData(db);
}

const demoEmails = () => [...DEMO_ORGANIZATIONS.flatMap((demo) => demo.people.map((person) => person.email)), DEMO_STAFF.email];

/**
 * A password login (Better Auth's `credential` account, with its scrypt hash) for each demo
 * person who has none yet; an existing password, e.g. one a developer changed, is kept.
 */
async function addDemoPasswords(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], emails: string[]) {
  const users = await tx.select({ id: userTable.id }).from(userTable).where(inArray(userTable.email, emails));
  const withPassword = new Set(
    (
      await tx
        .select({ userId: accountTable.userId })
        .from(accountTable)
        .where(and(eq(accountTable.providerId, "credential"), inArray(accountTable.userId, users.map((user) => user.id))))
    ).map((account) => account.userId),
  );
  const missing = users.filter((user) => !withPassword.has(user.id));
  if (missing.length === 0) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  await tx
    .insert(accountTable)
    .values(missing.map((user) => ({ userId: user.id, accountId: user.id, providerId: "credential", password: hash })))
    .onConflictDoNothing();
}

export async function countDemoData(db: Database): Promise<SeedSummary> {
  const slugs = DEMO_ORGANIZATIONS.map((demo) => demo.slug);
  const emails = demoEmails();
  const [organizations] = await db.select({ n: count() }).from(organizationTable).where(inArray(organizationTable.slug, slugs));
  const [users] = await db.select({ n: count() }).from(userTable).where(inArray(userTable.email, emails));
  const [leads] = await db
    .select({ n: count() })
    .from(leadTable)
    .innerJoin(organizationTable, and(eq(leadTable.organizationId, organizationTable.id), inArray(organizationTable.slug, slugs)));
  return { organizations: organizations?.n ?? 0, users: users?.n ?? 0, leads: leads?.n ?? 0 };
}
