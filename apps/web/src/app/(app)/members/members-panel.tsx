"use client";

import { assignableRoles, canManageMemberOfRole, canManageMembers } from "@saas/auth/permissions";
import { authClient, problemOf } from "@saas/auth/react";
import { inviteMemberSchema } from "@saas/auth/schemas";
import { MemberRole } from "@saas/db/enums";
import { Alert, Badge, Button, Card, EmptyState, SelectField, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: MemberRole;
  expiresAt: string;
}

interface MembersPanelProps {
  organizationId: string;
  organizationName: string;
  currentUserId: string;
  currentRole: MemberRole;
  members: MemberRow[];
  invitations: InvitationRow[];
}

const ROLE_LABELS: Record<MemberRole, string> = { owner: "Owner", admin: "Admin", member: "Member" };
const ROLE_HELP = "Owners manage everything, billing and deletion included. Admins manage members and billing. Members use the workspace.";

/**
 * The members list with invite, role change, removal, leaving and cancelling invitations. It
 * shows only the buttons the statement allows; the server checks every action again.
 */
export function MembersPanel(props: MembersPanelProps) {
  const { organizationId, currentUserId, currentRole, members, invitations } = props;
  const router = useRouter();
  const manager = canManageMembers(currentRole);
  const owners = members.filter((member) => member.role === MemberRole.owner).length;
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const roleOptions = assignableRoles(currentRole).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

  /** Runs one action, shows its outcome, and reloads the server data. */
  async function run(action: () => Promise<{ error: unknown }>, success: string) {
    setNotice(null);
    const { error } = await action();
    if (error) {
      setNotice({ tone: "error", text: problemOf(error).message });
      return false;
    }
    setNotice({ tone: "success", text: success });
    router.refresh();
    return true;
  }

  return (
    <div className="space-y-8">
      <div aria-live="polite">{notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}</div>

      {manager ? <InviteForm organizationId={organizationId} roleOptions={roleOptions} onInvited={(email) => { setNotice({ tone: "success", text: `Invitation sent to ${email}.` }); router.refresh(); }} /> : null}

      <Card title={`Members (${members.length})`} description={ROLE_HELP}>
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Members">
          {members.map((member) => {
            const self = member.userId === currentUserId;
            // Nobody changes or removes themselves here (they leave instead).
            const canActOn = !self && canManageMemberOfRole(currentRole, member.role);
            const soleOwner = self && member.role === MemberRole.owner && owners <= 1;
            return (
              <li key={member.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="member-row">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
                    {member.name} {self ? <span className="font-normal text-zinc-500">(you)</span> : null}
                  </p>
                  <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{member.email}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {canActOn ? (
                    <RoleSelect
                      member={member}
                      options={roleOptions}
                      onChange={(role) =>
                        run(() => authClient.organization.updateMemberRole({ memberId: member.id, role, organizationId }), `${member.name} is now ${ROLE_LABELS[role as MemberRole].toLowerCase()}.`)
                      }
                    />
                  ) : (
                    <Badge tone={member.role === MemberRole.owner ? "strong" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
                  )}
                  {canActOn ? (
                    <ConfirmButton
                      label="Remove"
                      confirmLabel={`Remove ${member.name}?`}
                      onConfirm={() => run(() => authClient.organization.removeMember({ memberIdOrEmail: member.id, organizationId }), `${member.name} was removed.`)}
                    />
                  ) : null}
                  {self ? (
                    soleOwner ? (
                      <span className="text-xs text-zinc-500 dark:text-zinc-400">Make someone else an owner to leave.</span>
                    ) : (
                      <ConfirmButton
                        label="Leave"
                        confirmLabel={`Leave ${props.organizationName}?`}
                        onConfirm={async () => {
                          const left = await run(() => authClient.organization.leave({ organizationId }), `You left ${props.organizationName}.`);
                          if (left) window.location.assign("/");
                          return left;
                        }}
                      />
                    )
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </Card>

      {manager ? (
        <Card title="Pending invitations">
          {invitations.length === 0 ? (
            <EmptyState title="No pending invitations">Invite someone above: they get an email with a link to join.</EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Pending invitations">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="invitation-row">
                  <div className="min-w-0">
                    <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{invitation.email}</p>
                    <p className="text-sm text-zinc-600 dark:text-zinc-400">
                      {ROLE_LABELS[invitation.role]} · expires {new Date(invitation.expiresAt).toLocaleDateString("en-US", { dateStyle: "medium" })}
                    </p>
                  </div>
                  {canManageMemberOfRole(currentRole, invitation.role) ? (
                    <ConfirmButton
                      label="Cancel invitation"
                      confirmLabel="Cancel it?"
                      onConfirm={() => run(() => authClient.organization.cancelInvitation({ invitationId: invitation.id }), `The invitation to ${invitation.email} was cancelled.`)}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </div>
  );
}

function InviteForm({ organizationId, roleOptions, onInvited }: { organizationId: string; roleOptions: { value: string; label: string }[]; onInvited: (email: string) => void }) {
  // A new key after each invitation empties the form for the next one.
  const [round, setRound] = useState(0);
  const form = useValidatedForm(inviteMemberSchema, async ({ email, role }) => {
    const { error } = await authClient.organization.inviteMember({ email, role, organizationId });
    if (error) return problemOf(error);
    setRound((value) => value + 1);
    onInvited(email);
    return;
  });
  return (
    <Card title="Invite a colleague" description="They get an email with a link; it expires in 7 days.">
      <form key={round} onSubmit={form.onSubmit} noValidate className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        {form.message ? (
          <div className="sm:col-span-3">
            <Alert tone="error">{form.message}</Alert>
          </div>
        ) : null}
        <TextField name="email" type="email" label="Email" id="invite-email" autoComplete="off" error={form.fieldErrors["email"]} required />
        <SelectField name="role" label="Role" id="invite-role" options={roleOptions} defaultValue="member" error={form.fieldErrors["role"]} />
        <Button type="submit" className="sm:mt-6" pending={form.pending} pendingLabel="Sending…">
          Send invitation
        </Button>
      </form>
    </Card>
  );
}

function RoleSelect({ member, options, onChange }: { member: MemberRow; options: { value: string; label: string }[]; onChange: (role: string) => Promise<boolean> }) {
  const [pending, setPending] = useState(false);
  return (
    <>
      <label htmlFor={`role-${member.id}`} className="sr-only">
        Role of {member.name}
      </label>
      <select
        id={`role-${member.id}`}
        value={member.role}
        disabled={pending}
        aria-busy={pending || undefined}
        onChange={async (event) => {
          setPending(true);
          await onChange(event.target.value);
          setPending(false);
        }}
        className="rounded-lg border border-zinc-300 bg-white py-1.5 pl-2.5 pr-8 text-sm text-zinc-900 focus:outline-2 focus:outline-zinc-900 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus:outline-zinc-100"
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** A destructive action in two clicks: the first asks, the second does it. */
function ConfirmButton({ label, confirmLabel, onConfirm }: { label: string; confirmLabel: string; onConfirm: () => Promise<boolean> }) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The first button disappears; keyboard focus moves to the question instead of being lost.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <Button variant="ghost" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        ref={confirmRef}
        variant="danger"
        pending={pending}
        onClick={async () => {
          setPending(true);
          const done = await onConfirm();
          setPending(false);
          if (done) setAsking(false);
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" disabled={pending} onClick={() => setAsking(false)}>
        Keep
      </Button>
    </span>
  );
}
