"use client";

import { describeAuthError } from "@saas/auth/describe-auth-error";
import { useRouter } from "next/navigation";
import { useState } from "react";

const NEW = "__new__";

interface OrganizationSwitcherProps {
  organizations: { id: string; name: string }[];
  activeId: string | null;
}

/** Picks the organization the app shows; "New organization…" leads to creating one. */
export function OrganizationSwitcher({ organizations, activeId }: OrganizationSwitcherProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState("");

  async function choose(value: string) {
    if (value === NEW) {
      router.push("/organizations/new");
      return;
    }
    setPending(true);
    setProblem("");
    // A plain request rather than the auth client: the switcher is on every page, and the client
    // library would add its weight to every page's JavaScript.
    const response = await fetch("/api/auth/organization/set-active", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organizationId: value }),
    }).catch(() => null);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => null)) as { code?: string; message?: string } | null;
      setProblem(describeAuthError({ status: response?.status ?? 0, code: body?.code, message: body?.message ?? "The server could not be reached." }).message);
    }
    router.refresh();
    setPending(false);
  }

  return (
    <div className="flex items-center gap-2">
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="organization-switcher"
        value={activeId ?? ""}
        disabled={pending}
        aria-busy={pending || undefined}
        onChange={(event) => void choose(event.target.value)}
        className="max-w-[9.5rem] truncate rounded-lg sm:max-w-[14rem] border border-zinc-300 bg-white py-1.5 pl-2.5 pr-8 text-sm font-medium text-zinc-900 focus:outline-2 focus:outline-zinc-900 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus:outline-zinc-100"
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
        <option value={NEW}>+ New organization…</option>
      </select>
      {problem ? (
        <span role="alert" className="text-xs text-red-600 dark:text-red-400">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
