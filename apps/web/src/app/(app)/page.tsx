import { Badge, buttonClassName, Card, PageTitle, StatCard } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { getAppDb } from "../../server/db";
import { getOrganizationOverview } from "../../server/overview";
import { requireActiveOrganization } from "../../server/workspace";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { active, session } = await requireActiveOrganization();
  const overview = await getOrganizationOverview(getAppDb(), { organizationId: active.organizationId });
  return (
    <>
      <PageTitle
        title={active.name}
        description={
          <span className="inline-flex items-center gap-2">
            Signed in as {session.user.email} <Badge>{active.role}</Badge>
          </span>
        }
        actions={
          <Link href="/members" className={buttonClassName("secondary")}>
            Manage members
          </Link>
        }
      />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3" aria-label={`${active.name} in numbers`}>
        <StatCard label="Members" value={overview.members} />
        <StatCard label="Pending invitations" value={overview.pendingInvitations} />
        <StatCard label="Leads" value={overview.leads} />
      </dl>
      <Card className="mt-8" title="What's next" description="Your leads, the AI assistant and billing arrive with the next releases.">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Meanwhile, invite your colleagues from <Link className="font-medium underline underline-offset-2" href="/members">Members</Link>, and
          turn on two-factor authentication in{" "}
          <Link className="font-medium underline underline-offset-2" href="/settings/two-factor">
            Settings
          </Link>
          .
        </p>
      </Card>
    </>
  );
}
