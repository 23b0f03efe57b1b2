"use client";

import {
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  importMappingSchema,
  MAX_IMPORT_BYTES,
  type ImportField,
  type ImportMapping,
  type LeadImport,
  type UploadedImport,
} from "@saas/leads/schemas";
import { Alert, Button, Card, Spinner, toast } from "@saas/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useTRPC } from "../../../../trpc/client";
import { problemOfApiError } from "../../../../trpc/problem";

type DuplicateMode = "skip" | "update" | "create";

const DUPLICATE_CHOICES: { value: DuplicateMode; label: string; help: string }[] = [
  { value: "skip", label: "Skip them", help: "A row whose email is already a lead's is left out." },
  { value: "update", label: "Update the existing lead", help: "The row's filled-in cells replace the lead's values; empty cells change nothing." },
  { value: "create", label: "Create another lead", help: "Every row becomes a new lead, duplicates included." },
];

/**
 * Upload → map the columns → the run checks every row → import (or review the problems first).
 * The import's id is kept in the URL, so a reload or another tab follows the same import.
 */
export function ImportWizard({ initialImport }: { initialImport: LeadImport | null }) {
  const [uploaded, setUploaded] = useState<UploadedImport | null>(null);
  const [importId, setImportId] = useState<string | null>(initialImport?.id ?? null);

  const follow = (id: string) => {
    setImportId(id);
    window.history.replaceState(null, "", `?id=${id}`);
  };
  const restart = () => {
    setUploaded(null);
    setImportId(null);
    window.history.replaceState(null, "", window.location.pathname);
  };

  if (importId) return <ImportProgress id={importId} initial={initialImport?.id === importId ? initialImport : undefined} onRestart={restart} />;
  if (uploaded) return <MappingStep uploaded={uploaded} onStarted={follow} onCancel={restart} />;
  return <UploadStep onUploaded={setUploaded} />;
}

function UploadStep({ onUploaded }: { onUploaded: (uploaded: UploadedImport) => void }) {
  const inputId = useId();
  const [problem, setProblem] = useState("");
  const [pending, setPending] = useState(false);

  async function upload(file: File) {
    setProblem("");
    if (file.size > MAX_IMPORT_BYTES) return setProblem("The file is larger than 50 MB. Split it into smaller files.");
    if (file.size === 0) return setProblem("The file is empty.");
    setPending(true);
    try {
      const response = await fetch("/api/leads/imports", {
        method: "POST",
        body: file,
        headers: { "content-type": "text/csv", "x-file-name": encodeURIComponent(file.name) },
      });
      const body = (await response.json()) as UploadedImport | { error: { message: string } };
      if (!response.ok || "error" in body) return setProblem("error" in body ? body.error.message : "The upload failed. Try again.");
      onUploaded(body);
    } catch {
      setProblem("The upload failed: the server could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card title="1. Choose a CSV file" description="Export it from your spreadsheet or previous CRM as CSV (UTF-8). The first row names the columns.">
      {problem ? (
        <Alert tone="error" className="mb-4">
          {problem}
        </Alert>
      ) : null}
      <label htmlFor={inputId} className="block text-sm font-medium">
        CSV file
      </label>
      <input
        id={inputId}
        type="file"
        accept=".csv,text/csv"
        disabled={pending}
        className="mt-2 block w-full text-sm file:mr-4 file:rounded-lg file:border-0 file:bg-zinc-900 file:px-4 file:py-2 file:text-sm file:font-semibold file:text-white dark:file:bg-zinc-100 dark:file:text-zinc-900"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      {pending ? (
        <p className="mt-3 inline-flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400" role="status">
          <Spinner /> Uploading…
        </p>
      ) : null}
    </Card>
  );
}

function MappingStep({ uploaded, onStarted, onCancel }: { uploaded: UploadedImport; onStarted: (id: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [mapping, setMapping] = useState<ImportMapping>(uploaded.mapping);
  const [duplicateMode, setDuplicateMode] = useState<DuplicateMode>("skip");
  const start = useMutation(trpc.leads.imports.start.mutationOptions());
  const cancel = useMutation(trpc.leads.imports.cancel.mutationOptions());
  const check = importMappingSchema.safeParse(mapping);
  const problem = check.success ? "" : (check.error.issues[0]?.message ?? "");
  const mapped = IMPORT_FIELDS.filter((field) => mapping[field] !== undefined);

  const choose = (field: ImportField, value: string) =>
    setMapping((current) => {
      const next = { ...current };
      if (value === "") delete next[field];
      else next[field] = Number(value);
      return next;
    });

  return (
    <div className="space-y-6">
      <Card title={`2. Match the columns of ${uploaded.fileName}`} description="We guessed from the header; check each field. Unmatched columns are not imported.">
        <div className="grid gap-3 sm:grid-cols-2">
          {IMPORT_FIELDS.map((field) => (
            <div key={field}>
              <label htmlFor={`import-field-${field}`} className="block text-sm font-medium">
                {IMPORT_FIELD_LABELS[field]}
              </label>
              <select
                id={`import-field-${field}`}
                className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900"
                value={mapping[field] ?? ""}
                onChange={(event) => choose(field, event.target.value)}
              >
                <option value="">— not imported —</option>
                {uploaded.header.map((name, index) => (
                  <option key={index} value={index}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </Card>

      <Card title="Leads already in your list" description="A row is a duplicate when its email belongs to a lead you have (or to an earlier row of the file).">
        <fieldset className="space-y-2">
          <legend className="sr-only">What to do with duplicates</legend>
          {DUPLICATE_CHOICES.map((choice) => (
            <div key={choice.value} className="flex items-start gap-3 text-sm">
              <input
                id={`duplicates-${choice.value}`}
                type="radio"
                name="duplicates"
                className="mt-1"
                aria-describedby={`duplicates-${choice.value}-help`}
                checked={duplicateMode === choice.value}
                onChange={() => setDuplicateMode(choice.value)}
              />
              <div>
                <label htmlFor={`duplicates-${choice.value}`} className="font-medium">
                  {choice.label}
                </label>
                <p id={`duplicates-${choice.value}-help`} className="text-zinc-600 dark:text-zinc-400">
                  {choice.help}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
      </Card>

      <Card title="Preview" description="The first rows of the file, as they will be read.">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
              <tr>
                {mapped.map((field) => (
                  <th key={field} scope="col" className="px-2 py-1.5 font-medium">
                    {IMPORT_FIELD_LABELS[field].replace(/ \(.*\)$/, "")}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {uploaded.sample.map((row, index) => (
                <tr key={index}>
                  {mapped.map((field) => (
                    <td key={field} className="max-w-[14rem] truncate px-2 py-1.5">
                      {row[mapping[field] ?? -1] ?? ""}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={!check.success}
          pending={start.isPending}
          pendingLabel="Starting…"
          onClick={() =>
            start.mutate(
              { id: uploaded.id, mapping, duplicateMode },
              { onSuccess: ({ id }) => onStarted(id), onError: (error) => toast.error(problemOfApiError(error).message) },
            )
          }
        >
          Check and import
        </Button>
        <Button variant="secondary" pending={cancel.isPending} onClick={() => cancel.mutate({ id: uploaded.id }, { onSettled: onCancel })}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function ImportProgress({ id, initial, onRestart }: { id: string; initial?: LeadImport; onRestart: () => void }) {
  const trpc = useTRPC();
  const state = useQuery({
    ...trpc.leads.imports.get.queryOptions({ id }),
    ...(initial ? { initialData: initial } : {}),
    // Follow the run until it settles.
    refetchInterval: (query) => (query.state.data && ["queued", "running"].includes(query.state.data.status) ? 1000 : false),
  });
  const start = useMutation(trpc.leads.imports.start.mutationOptions());
  const cancel = useMutation(trpc.leads.imports.cancel.mutationOptions());
  const current = state.data;

  if (state.isError) return <Alert tone="error">{problemOfApiError(state.error).message}</Alert>;
  if (!current) {
    return (
      <p className="inline-flex items-center gap-2 text-sm" role="status">
        <Spinner /> Loading the import…
      </p>
    );
  }
  const valid = (current.totalRows ?? 0) - current.errorRows;
  return (
    <Card title={current.fileName}>
      <div aria-live="polite" className="space-y-4 text-sm">
        {current.status === "queued" || current.status === "running" ? (
          <RunningState current={current} />
        ) : current.status === "needs_review" ? (
          <>
            <Alert
              tone="warning"
              title={`${current.errorRows.toLocaleString("en-US")} of ${(current.totalRows ?? 0).toLocaleString("en-US")} rows ${current.errorRows === 1 ? "has a problem" : "have problems"}`}
            >
              Nothing has been imported yet. Fix the file and upload it again, or import the {valid.toLocaleString("en-US")} valid rows and leave the others out.
            </Alert>
            <ErrorsTable current={current} />
            <div className="flex flex-wrap gap-2">
              <Button
                pending={start.isPending}
                disabled={valid === 0}
                onClick={() =>
                  start.mutate(
                    { id, mapping: current.mapping ?? {}, duplicateMode: current.duplicateMode ?? "skip", skipInvalidRows: true },
                    { onSuccess: () => void state.refetch(), onError: (error) => toast.error(problemOfApiError(error).message) },
                  )
                }
              >
                Import the {valid.toLocaleString("en-US")} valid rows
              </Button>
              <Button variant="secondary" pending={cancel.isPending} onClick={() => cancel.mutate({ id }, { onSuccess: onRestart })}>
                Cancel this import
              </Button>
            </div>
          </>
        ) : current.status === "completed" ? (
          <>
            <Alert tone="success" title="Import complete">
              {current.insertedRows.toLocaleString("en-US")} created, {current.updatedRows.toLocaleString("en-US")} updated,{" "}
              {current.skippedRows.toLocaleString("en-US")} duplicates skipped
              {current.errorRows ? `, ${current.errorRows.toLocaleString("en-US")} invalid rows left out` : ""}.
            </Alert>
            {current.errorRows ? <ErrorsTable current={current} /> : null}
            <div className="flex flex-wrap gap-2">
              <Link href="/leads" className="font-medium underline underline-offset-2">
                See the leads
              </Link>
              <button type="button" className="underline underline-offset-2" onClick={onRestart}>
                Import another file
              </button>
            </div>
          </>
        ) : (
          <>
            <Alert tone="error" title={current.status === "canceled" ? "This import was cancelled" : "This file could not be imported"}>
              {current.failure ?? "Nothing was imported."}
            </Alert>
            <Button variant="secondary" onClick={onRestart}>
              Try another file
            </Button>
          </>
        )}
      </div>
    </Card>
  );
}

function RunningState({ current }: { current: LeadImport }) {
  const checking = current.totalRows === null;
  const percent = checking || !current.totalRows ? null : Math.round((current.processedRows / current.totalRows) * 100);
  return (
    <div className="space-y-2">
      <p className="inline-flex items-center gap-2 font-medium">
        <Spinner />
        {current.status === "queued"
          ? "Waiting to start…"
          : checking
            ? `Checking the rows… ${current.processedRows.toLocaleString("en-US")} so far`
            : `Importing… ${current.processedRows.toLocaleString("en-US")} of ${current.totalRows?.toLocaleString("en-US")} rows`}
      </p>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div className={`h-2 rounded-full bg-zinc-900 dark:bg-zinc-100 ${percent === null ? "w-1/3 animate-pulse" : ""}`} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="text-zinc-600 dark:text-zinc-400">You can leave this page: the import goes on, and this page shows where it is when you come back.</p>
    </div>
  );
}

function ErrorsTable({ current }: { current: LeadImport }) {
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Rows with problems</caption>
          <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Line
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {current.errors.map((error, index) => (
              <tr key={index} data-testid="import-error">
                <td className="px-3 py-2 tabular-nums">{error.line}</td>
                <td className="px-3 py-2">{error.column}</td>
                <td className="px-3 py-2">{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <a className="font-medium underline underline-offset-2" href={`/api/leads/imports/${current.id}/errors`} download>
        Download all problems (CSV)
      </a>
    </div>
  );
}
