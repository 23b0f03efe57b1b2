import { roleCan } from "@saas/auth/permissions";
import { STATUS_LABELS, type LeadActivity, type LeadStatus } from "@saas/leads/schemas";
import { Card, EmptyState, PageTitle } from "@saas/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime } from "../../../../components/format";
import { api } from "../../../../server/api";
import { requireActiveOrganization } from "../../../../server/workspace";
import { LeadForm } from "../lead-form";
import { DeleteLeadButton } from "./delete-lead-button";

export const metadata: Metadata = { title: "Lead" };

async function loadLead(id: string) {
  try {
    return await api.leads.get({ id });
  } catch (error) {
    // Another organization's lead, a deleted one or a malformed id all look the same: not found.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const { active, session } = await requireActiveOrganization();
  const { id } = await params;
  const [{ lead, activity }, assignees] = await Promise.all([loadLead(id), api.leads.assignees()]);
  const name = `${lead.firstName} ${lead.lastName}`.trim();
  return (
    <>
      <PageTitle
        title={name}
        description={
          <>
            <Link href="/leads" className="underline underline-offset-2">
              Leads
            </Link>{" "}
            · {STATUS_LABELS[lead.status]}
            {lead.company ? ` · ${lead.company}` : ""}
          </>
        }
        actions={roleCan(active.role, { lead: ["delete"] }) ? <DeleteLeadButton id={lead.id} name={name} /> : null}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card title="Details">
          <LeadForm lead={lead} assignees={assignees} userId={session.user.id} canAssignOthers={roleCan(active.role, { lead: ["assign"] })} />
        </Card>
        <Card title="History" description="Changes of status and assignee.">
          {activity.length === 0 ? (
            <EmptyState title="No changes yet" />
          ) : (
            <ol className="space-y-4" aria-label="History of this lead">
              {activity.map((entry) => (
                <li key={entry.id} className="text-sm">
                  <p>{describe(entry)}</p>
                  <p className="text-xs text-zinc-500 dark:text-zinc-400">{formatDateTime(entry.at)}</p>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

function describe(entry: LeadActivity) {
  const who = entry.actor?.name ?? "The system";
  if (entry.kind === "status") {
    const label = (value: string | null) => (value ? (STATUS_LABELS[value as LeadStatus] ?? value) : "—");
    return (
      <>
        <strong>{who}</strong> moved it from {label(entry.from)} to {label(entry.to)}
      </>
    );
  }
  return (
    <>
      <strong>{who}</strong> {entry.to ? <>assigned it to {entry.toName}</> : <>unassigned it from {entry.fromName}</>}
    </>
  );
}
