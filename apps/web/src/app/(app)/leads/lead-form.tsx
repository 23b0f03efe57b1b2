"use client";

import { leadFieldsSchema, LeadSources, LeadStatuses, SOURCE_LABELS, STATUS_LABELS, type Lead, type LeadFields } from "@saas/leads/schemas";
import { Alert, Button, SelectField, TextField, toast } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatAmount } from "../../../components/format";
import { useTRPC } from "../../../trpc/client";
import { problemOfApiError } from "../../../trpc/problem";
import type { Assignee } from "./lead-filters";

interface LeadFormProps {
  /** The lead being edited, or none for a new one. */
  lead?: Lead;
  assignees: Assignee[];
  userId: string;
  /** Owners and admins assign anyone; members only themselves. */
  canAssignOthers: boolean;
}

const FIELD_LABELS: Partial<Record<keyof Lead, string>> = {
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  jobTitle: "Job title",
  status: "Status",
  source: "Source",
  estimatedValue: "Estimated value",
  notes: "Notes",
};

/**
 * Create or edit a lead. The browser checks the fields with the schema the server uses; an edit
 * carries the version it started from, and when someone else saved first the form says what
 * they changed and lets the person keep theirs or take their colleague's.
 */
export function LeadForm({ lead, assignees, userId, canAssignOthers }: LeadFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [version, setVersion] = useState(lead);
  const [conflict, setConflict] = useState<{ theirs: Lead; mine: LeadFields } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(trpc.leads.create.mutationOptions());
  const update = useMutation(trpc.leads.update.mutationOptions());

  async function save(values: LeadFields, base = version) {
    try {
      if (!base) {
        const created = await create.mutateAsync(values);
        toast.success(`${created.firstName} ${created.lastName} was added.`.replace(" .", "."));
        router.push(`/leads/${created.id}`);
        return;
      }
      const saved = await update.mutateAsync({ ...values, id: base.id, updatedAt: base.updatedAt });
      setVersion(saved);
      setConflict(null);
      toast.success("Saved.");
      router.refresh();
      return;
    } catch (error) {
      const problem = problemOfApiError(error);
      if (problem.reason === "STALE_EDIT" && problem.details?.["current"]) {
        setConflict({ theirs: problem.details["current"] as Lead, mine: values });
        return { message: problem.message };
      }
      toast.error(problem.message);
      return problem;
    }
  }

  const form = useValidatedForm(leadFieldsSchema, (values) => save(values));
  const people = canAssignOthers ? assignees : assignees.filter((person) => person.id === userId || person.id === version?.assignee?.id);
  const current = version;

  return (
    <form key={formKey} onSubmit={form.onSubmit} noValidate className="space-y-6">
      {conflict ? (
        <Alert tone="warning" title="Someone else saved this lead while you were editing">
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {changedFields(conflict.theirs, conflict.mine).map(({ label, theirs, mine }) => (
              <li key={label}>
                {label}: theirs <strong>{theirs}</strong>, yours <strong>{mine}</strong>
              </li>
            ))}
          </ul>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => save(conflict.mine, conflict.theirs)}>
              Save mine over theirs
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setVersion(conflict.theirs);
                setConflict(null);
                setFormKey((key) => key + 1);
              }}
            >
              Load their version
            </Button>
          </div>
        </Alert>
      ) : form.message ? (
        <Alert tone="error">{form.message}</Alert>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="firstName" label="First name" defaultValue={current?.firstName} autoComplete="off" error={form.fieldErrors["firstName"]} required />
        <TextField name="lastName" label="Last name" defaultValue={current?.lastName} autoComplete="off" error={form.fieldErrors["lastName"]} />
        <TextField name="email" label="Email" type="email" defaultValue={current?.email ?? ""} autoComplete="off" error={form.fieldErrors["email"]} />
        <TextField name="phone" label="Phone" type="tel" defaultValue={current?.phone ?? ""} autoComplete="off" hint="Spaces and dashes are fine." error={form.fieldErrors["phone"]} />
        <TextField name="company" label="Company" defaultValue={current?.company ?? ""} autoComplete="off" error={form.fieldErrors["company"]} />
        <TextField name="jobTitle" label="Job title" defaultValue={current?.jobTitle ?? ""} autoComplete="off" error={form.fieldErrors["jobTitle"]} />
        <SelectField
          name="status"
          label="Status"
          defaultValue={current?.status ?? "new"}
          options={LeadStatuses.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
          error={form.fieldErrors["status"]}
        />
        <SelectField
          name="source"
          label="Source"
          defaultValue={current?.source ?? "other"}
          options={LeadSources.map((source) => ({ value: source, label: SOURCE_LABELS[source] }))}
          error={form.fieldErrors["source"]}
        />
        <TextField
          name="estimatedValue"
          label="Estimated value"
          inputMode="decimal"
          defaultValue={current?.estimatedValue ?? ""}
          hint="The expected deal size, like 12500."
          error={form.fieldErrors["estimatedValue"]}
        />
        <SelectField
          name="assignedToId"
          label="Assignee"
          defaultValue={current?.assignee?.id ?? ""}
          options={[{ value: "", label: "Unassigned" }, ...people.map((person) => ({ value: person.id, label: person.id === userId ? `Me (${person.name})` : person.name }))]}
          hint={canAssignOthers ? undefined : "Owners and admins can assign leads to others."}
          error={form.fieldErrors["assignedToId"]}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="notes" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Notes
        </label>
        <textarea
          id="notes"
          name="notes"
          rows={5}
          defaultValue={current?.notes ?? ""}
          aria-invalid={form.fieldErrors["notes"] ? true : undefined}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        {form.fieldErrors["notes"] ? <p className="text-xs font-medium text-red-600 dark:text-red-400">{form.fieldErrors["notes"]}</p> : null}
      </div>
      <Button type="submit" pending={form.pending} pendingLabel="Saving…">
        {lead ? "Save changes" : "Create lead"}
      </Button>
    </form>
  );
}

/** The fields where the colleague's saved version and this person's edit differ. */
function changedFields(theirs: Lead, mine: LeadFields) {
  const show = (value: unknown) => (value === null || value === "" ? "empty" : typeof value === "number" ? formatAmount(value) : String(value));
  const rows: { label: string; theirs: string; mine: string }[] = [];
  for (const [field, label] of Object.entries(FIELD_LABELS) as [keyof LeadFields & keyof Lead, string][]) {
    if (show(theirs[field]) !== show(mine[field])) rows.push({ label, theirs: show(theirs[field]), mine: show(mine[field]) });
  }
  if ((theirs.assignee?.id ?? null) !== mine.assignedToId) rows.push({ label: "Assignee", theirs: theirs.assignee?.name ?? "nobody", mine: mine.assignedToId ? "someone else" : "nobody" });
  return rows;
}
