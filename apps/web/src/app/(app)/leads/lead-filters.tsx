"use client";

import {
  ASSIGNEE_ME,
  ASSIGNEE_NOBODY,
  LEAD_SORTS,
  LeadSources,
  MIN_SEARCH_WORD,
  paramsFromLeadView,
  rangeProblems,
  searchWords,
  SORT_LABELS,
  SOURCE_LABELS,
  type Lead,
  type LeadFilter,
  type LeadSort,
  type LeadView,
} from "@saas/leads/model";
import type { Table } from "@tanstack/react-table";
import { useEffect, useId, useState } from "react";

export interface Assignee {
  id: string;
  name: string;
}

interface LeadFiltersProps {
  view: LeadView;
  onChange: (update: (current: LeadView) => LeadView) => void;
  assignees: Assignee[];
  table: Table<Lead>;
}

const control = "rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900";
const COLUMN_LABELS: Record<string, string> = {
  company: "Company",
  status: "Status",
  source: "Source",
  value: "Value",
  assignee: "Assignee",
  createdAt: "Created",
  updatedAt: "Updated",
};

/** Search, filters, sort, columns and export of the leads list. */
export function LeadFilters({ view, onChange, assignees, table }: LeadFiltersProps) {
  const searchId = useId();
  const [search, setSearch] = useState(view.filter.q ?? "");
  const words = searchWords(search);
  const searchProblem = search.trim() && !words.some((word) => word.length >= MIN_SEARCH_WORD) ? `Type at least ${MIN_SEARCH_WORD} characters to search` : "";

  // Searching as one types, a moment after the last key.
  useEffect(() => {
    if (searchProblem) return;
    const timer = setTimeout(() => {
      const q = search.trim() || undefined;
      onChange((current) => (current.filter.q === q ? current : { ...current, filter: { ...current.filter, q } }));
    }, 300);
    return () => clearTimeout(timer);
  }, [search, searchProblem, onChange]);

  const setFilter = (patch: Partial<LeadFilter>) => onChange((current) => ({ ...current, filter: { ...current.filter, ...patch } }));
  const exportHref = `/api/leads/export?${paramsFromLeadView(view).toString()}`;
  const activeFilters =
    view.filter.sources.length +
    (view.filter.assignee ? 1 : 0) +
    (view.filter.createdFrom || view.filter.createdTo ? 1 : 0) +
    (view.filter.valueMin !== undefined || view.filter.valueMax !== undefined ? 1 : 0);

  return (
    <div className="flex flex-wrap items-start gap-2">
      <div className="min-w-[14rem] flex-1">
        <label htmlFor={searchId} className="sr-only">
          Search leads by name, email or company
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search name, email, company…"
          aria-invalid={searchProblem ? true : undefined}
          aria-describedby={searchProblem ? `${searchId}-error` : undefined}
          className={`${control} w-full`}
        />
        {searchProblem ? (
          <p id={`${searchId}-error`} className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">
            {searchProblem}
          </p>
        ) : null}
      </div>

      <details className="relative">
        <summary className={`${control} cursor-pointer list-none font-medium`}>Filters{activeFilters ? ` (${activeFilters})` : ""}</summary>
        <div className="absolute left-0 z-20 mt-2 w-[min(22rem,calc(100vw-2rem))] space-y-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          <fieldset>
            <legend className="text-sm font-medium">Source</legend>
            <div className="mt-2 grid grid-cols-2 gap-1">
              {LeadSources.map((source) => (
                <label key={source} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={view.filter.sources.includes(source)}
                    onChange={(event) =>
                      setFilter({ sources: event.target.checked ? [...view.filter.sources, source] : view.filter.sources.filter((s) => s !== source) })
                    }
                  />
                  {SOURCE_LABELS[source]}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="block text-sm font-medium">
            Assignee
            <select
              className={`${control} mt-1 w-full font-normal`}
              value={view.filter.assignee ?? ""}
              onChange={(event) => setFilter({ assignee: (event.target.value || undefined) as LeadFilter["assignee"] })}
            >
              <option value="">Anyone</option>
              <option value={ASSIGNEE_ME}>Me</option>
              <option value={ASSIGNEE_NOBODY}>Unassigned</option>
              {assignees.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
          <RangeFields
            legend="Created (UTC)"
            type="date"
            from={view.filter.createdFrom}
            to={view.filter.createdTo}
            onChange={(from, to) => setFilter({ createdFrom: from || undefined, createdTo: to || undefined })}
          />
          <RangeFields
            legend="Estimated value"
            type="number"
            from={view.filter.valueMin?.toString()}
            to={view.filter.valueMax?.toString()}
            onChange={(from, to) => setFilter({ valueMin: from ? Number(from) : undefined, valueMax: to ? Number(to) : undefined })}
          />
          <button type="button" className="text-sm font-medium underline underline-offset-2" onClick={() => onChange((current) => ({ ...current, filter: { statuses: [], sources: [], q: current.filter.q } }))}>
            Clear these filters
          </button>
        </div>
      </details>

      <label className="flex items-center gap-2 text-sm">
        <span className="sr-only">Sort by</span>
        <select className={control} value={view.sort} onChange={(event) => onChange((current) => ({ ...current, sort: event.target.value as LeadSort }))}>
          {LEAD_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              Sort: {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className={control}
        aria-label={view.dir === "asc" ? "Ascending; switch to descending" : "Descending; switch to ascending"}
        onClick={() => onChange((current) => ({ ...current, dir: current.dir === "asc" ? "desc" : "asc" }))}
      >
        {view.dir === "asc" ? "↑" : "↓"}
      </button>

      <details className="relative">
        <summary className={`${control} cursor-pointer list-none font-medium`}>Columns</summary>
        <div className="absolute right-0 z-20 mt-2 w-48 space-y-1 rounded-xl border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          {table
            .getAllLeafColumns()
            .filter((column) => column.getCanHide())
            .map((column) => (
              <label key={column.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="size-4" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
                {COLUMN_LABELS[column.id] ?? column.id}
              </label>
            ))}
        </div>
      </details>

      <a href={exportHref} className={`${control} font-medium`} download>
        Export CSV
      </a>
    </div>
  );
}

/** Two fields, from and to, that apply when both make sense (the schema's rule). */
function RangeFields({
  legend,
  type,
  from,
  to,
  onChange,
}: {
  legend: string;
  type: "date" | "number";
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string, to: string) => void;
}) {
  const [values, setValues] = useState({ from: from ?? "", to: to ?? "" });
  /** The range's problem, by the filter's own rule; numbers must be amounts too. */
  const problemOf = (next: typeof values) => {
    if (type === "number" && [next.from, next.to].some((value) => value !== "" && !(Number(value) >= 0))) return "Enter an amount of 0 or more";
    const range =
      type === "date"
        ? { createdFrom: next.from || undefined, createdTo: next.to || undefined }
        : { valueMin: next.from ? Number(next.from) : undefined, valueMax: next.to ? Number(next.to) : undefined };
    return Object.values(rangeProblems(range))[0] ?? "";
  };
  const problem = problemOf(values);
  const update = (patch: Partial<typeof values>) => {
    const next = { ...values, ...patch };
    setValues(next);
    if (!problemOf(next)) onChange(next.from, next.to);
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 grid grid-cols-2 gap-2">
        <label className="text-xs text-zinc-600 dark:text-zinc-400">
          From
          <input type={type} min={type === "number" ? 0 : undefined} className={`${control} mt-1 w-full`} value={values.from} onChange={(event) => update({ from: event.target.value })} />
        </label>
        <label className="text-xs text-zinc-600 dark:text-zinc-400">
          To
          <input type={type} min={type === "number" ? 0 : undefined} className={`${control} mt-1 w-full`} value={values.to} onChange={(event) => update({ to: event.target.value })} />
        </label>
      </div>
      {problem ? <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{problem}</p> : null}
    </fieldset>
  );
}
