"use client";

import { authClient, problemOf } from "@saas/auth/react";
import { updateOrganizationSchema } from "@saas/auth/schemas";
import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";

const detailsForm = updateOrganizationSchema.shape.data.required();

export function OrganizationDetailsForm({ organizationId, name, slug }: { organizationId: string; name: string; slug: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useValidatedForm(detailsForm, async (data) => {
    setSaved(false);
    const { error } = await authClient.organization.update({ organizationId, data });
    if (error) {
      const problem = problemOf(error);
      return /URL name is taken/.test(problem.message) ? { fieldErrors: { slug: problem.message } } : problem;
    }
    setSaved(true);
    router.refresh();
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      {saved ? <Alert tone="success">Saved.</Alert> : null}
      <TextField name="name" label="Organization name" defaultValue={name} autoComplete="organization" error={form.fieldErrors["name"]} required />
      <TextField
        name="slug"
        label="URL name"
        defaultValue={slug}
        spellCheck={false}
        autoCapitalize="none"
        hint="Lower-case letters, digits and hyphens."
        error={form.fieldErrors["slug"]}
        required
      />
      <Button type="submit" pending={form.pending} pendingLabel="Saving…">
        Save
      </Button>
    </form>
  );
}

/** Deleting needs the organization's name typed out, so it never happens by a slip. */
export function DeleteOrganizationForm({ organizationId, name }: { organizationId: string; name: string }) {
  const confirmation = z.object({ confirm: z.literal(name, { error: `Type ${name} to confirm` }) });
  const form = useValidatedForm(confirmation, async () => {
    const { error } = await authClient.organization.delete({ organizationId });
    if (error) return problemOf(error);
    window.location.assign("/");
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField name="confirm" label={`Type ${name} to confirm`} autoComplete="off" spellCheck={false} error={form.fieldErrors["confirm"]} />
      <Button type="submit" variant="danger" pending={form.pending} pendingLabel="Deleting…">
        Delete organization
      </Button>
    </form>
  );
}
