import { roleCan, type Permissions } from "@saas/auth";
import type { Database, MemberRole, Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import {
  aggregateLeads,
  bulkAssign,
  bulkSetStatus,
  createLead,
  getLead,
  LEAD_GROUPINGS,
  leadFieldsSchema,
  listAssignableMembers,
  listLeads,
  type Lead,
  type LeadLimit,
} from "@saas/leads";
import { ASSIGNEE_ME, ASSIGNEE_NOBODY } from "@saas/leads/model";
import { tool, zodSchema, type ToolApprovalStatus } from "ai";
import { z } from "zod";

/** The member the assistant acts for: every tool runs as them, inside their organization's wall. */
export interface ToolActor {
  organizationId: string;
  userId: string;
  role: MemberRole;
  /** The plan's lead limit (null: none), for creating leads. */
  leadLimit: LeadLimit | null;
}

const LeadStatuses = leadFieldsSchema.shape.status.unwrap().options;
const LeadSources = leadFieldsSchema.shape.source.unwrap().options;

/**
 * The tools' inputs, made once: the AI SDK converts a schema to JSON Schema for every model call
 * unless it is handed one already wrapped (`zodSchema` keeps its conversion).
 */
const inputs = {
  searchLeads: zodSchema(
    z.object({
      query: z.string().max(200).optional().describe("Words to find in a lead's name, company or email"),
      statuses: z.array(z.enum(LeadStatuses)).optional(),
      sources: z.array(z.enum(LeadSources)).optional(),
      assignee: z.string().optional().describe(`"${ASSIGNEE_ME}" for the person asking, "${ASSIGNEE_NOBODY}" for leads with no owner, or a member's user id`),
      createdFrom: z.string().optional().describe("YYYY-MM-DD"),
      createdTo: z.string().optional().describe("YYYY-MM-DD"),
      limit: z.number().int().min(1).max(25).default(10),
    }),
  ),
  aggregateLeads: zodSchema(
    z.object({
      groupBy: z.enum(LEAD_GROUPINGS),
      statuses: z.array(z.enum(LeadStatuses)).optional(),
      sources: z.array(z.enum(LeadSources)).optional(),
      createdFrom: z.string().optional().describe("YYYY-MM-DD"),
      createdTo: z.string().optional().describe("YYYY-MM-DD"),
    }),
  ),
  getLead: zodSchema(z.object({ leadId: z.uuid() })),
  createLead: zodSchema(leadFieldsSchema.pick({ firstName: true, lastName: true, email: true, company: true, jobTitle: true, status: true, source: true, estimatedValue: true })),
  changeLeadStatus: zodSchema(z.object({ leadId: z.uuid(), status: z.enum(LeadStatuses) })),
  assignLead: zodSchema(z.object({ leadId: z.uuid(), assignee: z.string().min(1).describe('"me", "nobody", or the member\'s email address') })),
};

/**
 * A lead as the model and the chat's cards see it: the fields people ask about, and a link.
 * Free text written by people (notes) is only in `getLead`, and marked as data.
 */
function leadCard(lead: Lead) {
  return {
    id: lead.id,
    name: `${lead.firstName} ${lead.lastName}`.trim(),
    company: lead.company,
    email: lead.email,
    status: lead.status,
    source: lead.source,
    estimatedValue: lead.estimatedValue,
    assignee: lead.assignee ? lead.assignee.name : null,
    createdAt: lead.createdAt.toISOString().slice(0, 10),
    url: `/leads/${lead.id}`,
  };
}
export type LeadCard = ReturnType<typeof leadCard>;

/** A refusal the person should read (an AppError), as the tool's result; anything else is a bug and throws. */
async function refusalAsResult<T>(run: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

const WRITE_PERMISSIONS = {
  createLead: { lead: ["create"] },
  changeLeadStatus: { lead: ["update"] },
  assignLead: { lead: ["update"] },
} satisfies Record<string, Permissions>;

const refusedByRole = (permission: Permissions) =>
  `Your role does not allow this (${Object.entries(permission)
    .flatMap(([resource, actions]) => (actions ?? []).map((action) => `${action} ${resource}s`))
    .join(", ")}). Ask an owner or admin of the organization.`;

/**
 * The assistant's tools over the organization's own leads, each a short tenant transaction as the
 * calling member (row-level security refuses anything outside the organization). Reads run
 * directly; writes wait for the person's approval (`approvals`) and check the role again.
 */
export function createLeadTools(db: Database, actor: ToolActor) {
  const scope = { organizationId: actor.organizationId, userId: actor.userId };
  const asMember = <T>(fn: (tx: Transaction) => Promise<T>) => db.withTenant(actor.organizationId, fn, { actorId: actor.userId });
  const requirePermission = (permission: Permissions) => {
    if (!roleCan(actor.role, permission)) throw new AppError("FORBIDDEN", refusedByRole(permission), { reason: "ROLE_NOT_ALLOWED" });
  };
  const findLead = (tx: Transaction, id: string) => getLead(tx, scope, { id }).then((detail) => detail.lead);

  const tools = {
    searchLeads: tool({
      description:
        "Search and filter the organization's leads (newest first). Use it to find leads by name, company or email, or to list leads by status, source, owner or creation date.",
      inputSchema: inputs.searchLeads,
      execute: ({ query, statuses, sources, assignee, createdFrom, createdTo, limit }) =>
        refusalAsResult(async () => {
          const page = await asMember((tx) =>
            listLeads(tx, scope, { filter: { q: query, statuses: statuses ?? [], sources: sources ?? [], assignee, createdFrom, createdTo }, limit }),
          );
          return { ok: true as const, leads: page.items.map(leadCard), more: page.nextCursor !== null };
        }),
    }),

    aggregateLeads: tool({
      description: "Count leads and sum their estimated value, grouped by status, source, assignee or month of creation, optionally filtered.",
      inputSchema: inputs.aggregateLeads,
      execute: ({ groupBy, statuses, sources, createdFrom, createdTo }) =>
        refusalAsResult(async () => ({
          ok: true as const,
          groupBy,
          groups: await asMember((tx) => aggregateLeads(tx, scope, { groupBy, filter: { statuses: statuses ?? [], sources: sources ?? [], createdFrom, createdTo } })),
        })),
    }),

    getLead: tool({
      description: "One lead with its details and notes, by id.",
      inputSchema: inputs.getLead,
      execute: ({ leadId }) =>
        refusalAsResult(async () => {
          const lead = await asMember((tx) => findLead(tx, leadId));
          // Notes are what people typed: data to report, never instructions to follow.
          return { ok: true as const, lead: { ...leadCard(lead), phone: lead.phone, jobTitle: lead.jobTitle, notes: { untrustedText: lead.notes } } };
        }),
    }),

    createLead: tool({
      description: "Create a lead. The person approves it before it is created.",
      inputSchema: inputs.createLead,
      execute: (input) =>
        refusalAsResult(async () => {
          requirePermission(WRITE_PERMISSIONS.createLead);
          const lead = await asMember((tx) => createLead(tx, { organizationId: actor.organizationId, actor, leadLimit: actor.leadLimit }, input));
          return { ok: true as const, lead: leadCard(lead) };
        }),
    }),

    changeLeadStatus: tool({
      description: "Move a lead to another status (e.g. proposal, won). The person approves it before it is done.",
      inputSchema: inputs.changeLeadStatus,
      execute: ({ leadId, status }) =>
        refusalAsResult(async () => {
          requirePermission(WRITE_PERMISSIONS.changeLeadStatus);
          return asMember(async (tx) => {
            const before = await findLead(tx, leadId);
            await bulkSetStatus(tx, scope, { target: { ids: [leadId] }, status });
            return { ok: true as const, from: before.status, to: status, lead: leadCard(await findLead(tx, leadId)) };
          });
        }),
    }),

    assignLead: tool({
      description: "Give a lead to a member (by email), to the person asking (\"me\"), or to nobody. The person approves it before it is done.",
      inputSchema: inputs.assignLead,
      execute: ({ leadId, assignee }) =>
        refusalAsResult(async () => {
          requirePermission(WRITE_PERMISSIONS.assignLead);
          return asMember(async (tx) => {
            const before = await findLead(tx, leadId);
            const assignedToId = await resolveAssignee(tx, actor, assignee);
            await bulkAssign(tx, { ...scope, actor }, { target: { ids: [leadId] }, assignedToId });
            const after = await findLead(tx, leadId);
            if (after.assignee?.id !== (assignedToId ?? undefined) && !(assignedToId === null && after.assignee === null)) {
              throw new AppError("FORBIDDEN", "That lead belongs to someone else: only owners and admins can reassign it.", { reason: "ASSIGN_OTHERS" });
            }
            return { ok: true as const, from: before.assignee?.name ?? null, to: after.assignee?.name ?? null, lead: leadCard(after) };
          });
        }),
    }),
  };

  /** Writes wait for the person's yes; a role that may not do it is refused at once, without asking. */
  const approval = (permission: Permissions): ToolApprovalStatus =>
    roleCan(actor.role, permission) ? "user-approval" : { type: "denied", reason: refusedByRole(permission) };
  const approvals = {
    createLead: () => approval(WRITE_PERMISSIONS.createLead),
    changeLeadStatus: () => approval(WRITE_PERMISSIONS.changeLeadStatus),
    // Giving a lead to someone else is for owners and admins (`lead: ["assign"]`).
    assignLead: ({ assignee }: { assignee: string }) =>
      isSelfOrNobody(assignee) ? approval(WRITE_PERMISSIONS.assignLead) : approval({ lead: ["update", "assign"] }),
  };
  return { tools, approvals };
}


const SELF = new Set([ASSIGNEE_ME, "myself"]);
const NOBODY = new Set([ASSIGNEE_NOBODY, "nobody", "no one", "none"]);
const isSelfOrNobody = (assignee: string) => SELF.has(assignee.trim().toLowerCase()) || NOBODY.has(assignee.trim().toLowerCase());

async function resolveAssignee(tx: Transaction, actor: ToolActor, assignee: string): Promise<string | null> {
  const wanted = assignee.trim().toLowerCase();
  if (SELF.has(wanted)) return actor.userId;
  if (NOBODY.has(wanted)) return null;
  const members = await listAssignableMembers(tx, { organizationId: actor.organizationId });
  const match = members.find((member) => member.email.toLowerCase() === wanted || member.id === assignee.trim());
  if (!match) throw new AppError("BAD_REQUEST", `No member of this organization has the address ${assignee}.`, { reason: "UNKNOWN_MEMBER" });
  return match.id;
}
