import { SignOutButton } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import { PRODUCT_NAME } from "../server/auth";

/** The 403 page (forbidden()): says why, shows no data, offers a way out. */
export default function Forbidden() {
  return (
    <AuthShell product={PRODUCT_NAME} title="Staff only" description="This console is for Acme staff. Your account does not have access.">
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        If you are a customer, use the Acme CRM app. If you are staff and think this is wrong, ask an administrator.
      </p>
      <SignOutButton variant="secondary" label="Sign out" />
    </AuthShell>
  );
}
