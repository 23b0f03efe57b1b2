"use client";

import { Alert, Badge, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { totpCodeSchema, twoFactorPasswordSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";

type Step =
  | { name: "idle" }
  | { name: "scan"; totpURI: string; backupCodes: string[] }
  | { name: "codes"; backupCodes: string[] }
  | { name: "disable" }
  | { name: "regenerate" };

interface TwoFactorSettingsProps {
  enabled: boolean;
  /** Staff must keep 2FA on, so the console hides "turn off". */
  allowDisable?: boolean;
  /** Called once enrolment is finished and the backup codes were saved (e.g. go to the console). */
  onFinished: () => void;
  /** Staff enrol only with the one-time link's token (see staff-enrolment.ts). */
  enrolmentToken?: string;
}

/** Enrolment (password → QR code → first code → backup codes) and, once on, backup codes and turning off. */
export function TwoFactorSettings({ enabled, allowDisable = true, onFinished, enrolmentToken }: TwoFactorSettingsProps) {
  const [step, setStep] = useState<Step>({ name: "idle" });

  if (step.name === "scan") return <ScanStep totpURI={step.totpURI} onVerified={() => setStep({ name: "codes", backupCodes: step.backupCodes })} />;
  if (step.name === "codes") return <BackupCodes codes={step.backupCodes} onDone={onFinished} />;

  if (!enabled) {
    return (
      <PasswordStep
        intro="Each sign-in will then ask for a code from an authenticator app (1Password, Google Authenticator, Authy…). First, confirm your password."
        action="Set up two-factor authentication"
        pendingLabel="Preparing…"
        run={async (password) => {
          // `enrolmentToken` is ours (the server's staff-enrolment guard), beside Better Auth's fields.
          const body = { password, ...(enrolmentToken ? { enrolmentToken } : {}) };
          const { data, error } = await authClient.twoFactor.enable(body);
          if (error || !data || !("totpURI" in data) || !data.totpURI) return problemOf(error);
          setStep({ name: "scan", totpURI: data.totpURI, backupCodes: data.backupCodes ?? [] });
          return;
        }}
      />
    );
  }

  if (step.name === "regenerate") {
    return (
      <PasswordStep
        intro="New backup codes replace the old ones, which stop working."
        action="Generate new backup codes"
        pendingLabel="Generating…"
        onCancel={() => setStep({ name: "idle" })}
        run={async (password) => {
          const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
          if (error || !data) return problemOf(error);
          setStep({ name: "codes", backupCodes: data.backupCodes });
          return;
        }}
      />
    );
  }

  if (step.name === "disable") {
    return (
      <PasswordStep
        intro="Without it, your password alone signs you in."
        action="Turn off two-factor authentication"
        pendingLabel="Turning off…"
        danger
        onCancel={() => setStep({ name: "idle" })}
        run={async (password) => {
          const { error } = await authClient.twoFactor.disable({ password });
          if (error) return problemOf(error);
          onFinished();
          return;
        }}
      />
    );
  }

  return (
    <div className="space-y-4">
      <p className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
        <Badge tone="success">On</Badge> Signing in asks for a code from your authenticator app.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setStep({ name: "regenerate" })}>
          New backup codes
        </Button>
        {allowDisable ? (
          <Button variant="danger" onClick={() => setStep({ name: "disable" })}>
            Turn off
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function PasswordStep(props: {
  intro: string;
  action: string;
  pendingLabel: string;
  danger?: boolean;
  onCancel?: () => void;
  run: (password: string) => Promise<{ message: string; fieldErrors: Record<string, string> } | void>;
}) {
  const form = useValidatedForm(twoFactorPasswordSchema, ({ password }) => props.run(password));
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{props.intro}</p>
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField name="password" type="password" label="Password" autoComplete="current-password" error={form.fieldErrors["password"]} required />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant={props.danger ? "danger" : "primary"} pending={form.pending} pendingLabel={props.pendingLabel}>
          {props.action}
        </Button>
        {props.onCancel ? (
          <Button variant="ghost" onClick={props.onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function ScanStep({ totpURI, onVerified }: { totpURI: string; onVerified: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(totpURI, { margin: 1, width: 192 }).then((url) => current && setQr(url));
    return () => {
      current = false;
    };
  }, [totpURI]);
  const form = useValidatedForm(totpCodeSchema, async ({ code }) => {
    const { error } = await authClient.twoFactor.verifyTotp({ code });
    if (error) return problemOf(error);
    onVerified();
    return;
  });
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li>Scan this QR code with your authenticator app.</li>
        <li>Enter the 6-digit code it shows.</li>
      </ol>
      <div className="flex flex-col items-start gap-4 sm:flex-row sm:items-center">
        {/* The code itself stays dark on white in dark mode too: scanners need that contrast and a light margin. */}
        <div className={`rounded-lg p-2 ring-1 ring-zinc-200 dark:ring-zinc-700 ${qr ? "bg-white" : "bg-white dark:bg-zinc-900"}`}>
          {qr ? (
            <img src={qr} width={192} height={192} alt="QR code for your authenticator app" />
          ) : (
            <div role="status" className="size-48 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" aria-label="Preparing the QR code" />
          )}
        </div>
        <div className="min-w-0 text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">Can&apos;t scan it? Enter this key instead:</p>
          <code data-testid="totp-secret" className="mt-1 block break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">
            {secret}
          </code>
        </div>
      </div>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        {form.message ? <Alert tone="error">{form.message}</Alert> : null}
        <TextField
          name="code"
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          error={form.fieldErrors["code"]}
          required
        />
        <Button type="submit" pending={form.pending} pendingLabel="Checking…">
          Turn on
        </Button>
      </form>
    </div>
  );
}

function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = codes.join("\n");
  return (
    <div className="space-y-4">
      <Alert tone="success" title="Two-factor authentication is on">
        Save these backup codes somewhere safe. Each one signs you in once if you lose your authenticator app. They are shown
        only now.
      </Alert>
      <ul aria-label="Backup codes" className="grid grid-cols-2 gap-2 rounded-lg bg-zinc-100 p-4 font-mono text-sm dark:bg-zinc-800">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(text);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <a
          className="inline-flex items-center rounded-lg border border-zinc-300 px-4 py-2 text-sm font-semibold text-zinc-900 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="backup-codes.txt"
        >
          Download
        </a>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
      <p aria-live="polite" className="sr-only">
        {copied ? "Backup codes copied to the clipboard" : ""}
      </p>
    </div>
  );
}
