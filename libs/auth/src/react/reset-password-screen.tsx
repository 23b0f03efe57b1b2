import { Alert, AuthShell } from "@saas/ui";
import { ResetPasswordForm } from "./reset-password-form";

const link = "font-semibold underline underline-offset-2";

/**
 * Where the emailed reset link lands (through /api/auth/reset-password/<token>, which checks it and
 * adds `error` when it is expired or used): the new-password form, or why the link did not work.
 * The same screen in both apps.
 */
export function ResetPasswordScreen({ product, token, error }: { product: string; token?: string; error?: string }) {
  const usable = token && !error;
  return (
    <AuthShell
      product={product}
      title={usable ? "Choose a new password" : "This link did not work"}
      footer={
        <a href="/sign-in" className={link}>
          Back to sign in
        </a>
      }
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">
          This reset link has expired or was already used.{" "}
          <a href="/forgot-password" className={link}>
            Ask for a new one
          </a>
          .
        </Alert>
      )}
    </AuthShell>
  );
}
