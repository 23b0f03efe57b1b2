import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { TextLink } from "../../../components/text-link";
import { PRODUCT_NAME } from "../../../server/auth";
import { UndoEmailChange } from "./undo-email-change";

export const metadata: Metadata = { title: "Undo the change of email address" };

/**
 * Where the "this wasn't me" link of the email-changed notice lands. Opening the link changes
 * nothing (mail scanners open links too); the button does.
 */
export default async function UndoEmailChangePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthShell product={PRODUCT_NAME} title="Give your account back to this address" footer={<TextLink href="/sign-in">Back to sign in</TextLink>}>
      {token ? <UndoEmailChange token={token} /> : <Alert tone="error">This link is incomplete. Open it again from the email.</Alert>}
    </AuthShell>
  );
}
