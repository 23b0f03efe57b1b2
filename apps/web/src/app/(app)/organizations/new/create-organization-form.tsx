"use client";

import { createOrganizationSchema, slugify } from "@saas/auth/schemas";
import { authClient, problemOf } from "@saas/auth/react";
import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";

export function CreateOrganizationForm() {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  // The URL name follows the name until someone edits it.
  const [slugEdited, setSlugEdited] = useState(false);
  const form = useValidatedForm(createOrganizationSchema, async (values) => {
    const { data, error } = await authClient.organization.create(values);
    if (error || !data) {
      const problem = problemOf(error);
      // A taken slug is about the slug field.
      if (/URL name is taken/.test(problem.message)) return { fieldErrors: { slug: problem.message } };
      return problem;
    }
    await authClient.organization.setActive({ organizationId: data.id });
    window.location.assign("/");
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField
        name="name"
        label="Organization name"
        autoComplete="organization"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugify(event.target.value));
        }}
        error={form.fieldErrors["name"]}
        required
      />
      <TextField
        name="slug"
        label="URL name"
        value={slug}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value);
        }}
        hint="Lower-case letters, digits and hyphens. You can change it later."
        error={form.fieldErrors["slug"]}
        spellCheck={false}
        autoCapitalize="none"
        required
      />
      <Button type="submit" pending={form.pending} pendingLabel="Creating…">
        Create organization
      </Button>
    </form>
  );
}
