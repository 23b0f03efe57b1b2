"use client";

import { Alert, Button, CheckboxField, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";
import { z } from "zod";
import { backupCodeSchema, totpCodeSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";

const totpForm = totpCodeSchema.extend({ trustDevice: z.literal("on").optional() });
const backupForm = backupCodeSchema.extend({ trustDevice: z.literal("on").optional() });

/**
 * The second step of signing in: a code from the authenticator app, or one backup code.
 * `trustDevice`: offer to skip the code on this device for 30 days (the staff console does not).
 */
export function TwoFactorChallenge({ next, trustDevice = true }: { next: string; trustDevice?: boolean }) {
  const [mode, setMode] = useState<"totp" | "backup">("totp");
  const done = () => window.location.assign(next);
  const totp = useValidatedForm(totpForm, async ({ code, trustDevice }) => {
    const { error } = await authClient.twoFactor.verifyTotp({ code, trustDevice: trustDevice === "on" });
    if (error) return problemOf(error);
    done();
    return;
  });
  const backup = useValidatedForm(backupForm, async ({ code, trustDevice }) => {
    const { error } = await authClient.twoFactor.verifyBackupCode({ code, trustDevice: trustDevice === "on" });
    if (error) return problemOf(error);
    done();
    return;
  });
  const form = mode === "totp" ? totp : backup;

  return (
    <form key={mode} onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      {mode === "totp" ? (
        <TextField
          name="code"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          hint="The 6-digit code from your authenticator app."
          error={form.fieldErrors["code"]}
          required
        />
      ) : (
        <TextField
          name="code"
          label="Backup code"
          autoComplete="off"
          spellCheck={false}
          hint="Each backup code works once."
          error={form.fieldErrors["code"]}
          required
        />
      )}
      {trustDevice ? <CheckboxField name="trustDevice" label="Trust this device for 30 days" /> : null}
      <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Verifying…">
        Verify
      </Button>
      <Button variant="ghost" className="w-full" onClick={() => setMode(mode === "totp" ? "backup" : "totp")}>
        {mode === "totp" ? "Use a backup code instead" : "Use your authenticator app instead"}
      </Button>
    </form>
  );
}
