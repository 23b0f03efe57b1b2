"use client";

import {
  isFiltered,
  LeadStatuses,
  SORT_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  type BulkTarget,
  type Lead,
  type LeadPage,
  type LeadSort,
  type LeadStatus,
  type LeadView,
} from "@saas/leads/model";
import { Badge, Button, ConfirmDialog, EmptyState, Spinner, toast } from "@saas/ui";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState, type VisibilityState } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { formatAmount, formatDate } from "../../../components/format";
import { useTRPC } from "../../../trpc/client";
import { problemOfApiError } from "../../../trpc/problem";
import { LeadFilters, type Assignee } from "./lead-filters";
import { useLeadView } from "./use-lead-view";

export interface LeadPermissions {
  delete: boolean;
  assignOthers: boolean;
  import: boolean;
}

interface LeadsListProps {
  initialView: LeadView;
  initialPage: LeadPage;
  initialCounts: { total: number; byStatus: Record<LeadStatus, number> };
  assignees: Assignee[];
  userId: string;
  can: LeadPermissions;
}

const PAGE_SIZE = 50;
const COLUMNS_KEY = "leads.hidden-columns";
const SORTABLE: Record<string, LeadSort> = { name: "name", company: "company", status: "status", value: "value", createdAt: "created", updatedAt: "updated" };
const STATUS_TONE: Partial<Record<LeadStatus, "success" | "warning" | "strong">> = { won: "success", lost: "warning", negotiation: "strong" };

const sameView = (a: LeadView, b: LeadView) => JSON.stringify(a) === JSON.stringify(b);

/** The leads table: server-side filter, search, sort and keyset paging; selection and bulk actions. */
export function LeadsList({ initialView, initialPage, initialCounts, assignees, userId, can }: LeadsListProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useLeadView(initialView);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>({});

  // Hidden columns are a personal preference of this browser, not part of a shared view.
  useEffect(() => {
    const saved = window.localStorage.getItem(COLUMNS_KEY);
    if (saved) setColumnVisibility(JSON.parse(saved) as VisibilityState);
  }, []);
  const changeVisibility = (next: VisibilityState) => {
    setColumnVisibility(next);
    window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
  };

  const input = { filter: view.filter, sort: view.sort, dir: view.dir, limit: PAGE_SIZE };
  const isInitial = sameView(view, initialView);
  const leads = useInfiniteQuery({
    ...trpc.leads.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }),
    ...(isInitial ? { initialData: { pages: [initialPage], pageParams: [null] } } : {}),
    placeholderData: keepPreviousData,
  });
  const counts = useQuery({
    ...trpc.leads.counts.queryOptions({ filter: view.filter }),
    ...(isInitial ? { initialData: initialCounts } : {}),
    placeholderData: keepPreviousData,
  });

  // A new view is a new list: the selection does not carry over.
  useEffect(() => {
    setRowSelection({});
    setAllMatching(false);
  }, [view]);

  const rows = useMemo(() => leads.data?.pages.flatMap((page) => page.items) ?? [], [leads.data]);
  const columns = useMemo(() => leadColumns(), []);
  // TanStack Table's instance is not memoizable by the React Compiler (not enabled here); the
  // table re-renders with its props like any hook-driven component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (lead) => lead.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: true,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: (updater) => changeVisibility(typeof updater === "function" ? updater(columnVisibility) : updater),
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const total = counts.data?.total ?? 0;
  const target: BulkTarget | null = allMatching ? { filter: view.filter } : selectedIds.length ? { ids: selectedIds } : null;
  const selectedCount = allMatching ? total : selectedIds.length;

  const afterBulk = (verb: string) => ({
    onSuccess: ({ changed }: { changed: number }) => {
      toast.success(`${changed.toLocaleString("en-US")} ${changed === 1 ? "lead" : "leads"} ${verb}.`);
      setRowSelection({});
      setAllMatching(false);
    },
    onError: (error: unknown) => toast.error(problemOfApiError(error).message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.leads.pathKey() }),
  });
  const setStatus = useMutation(trpc.leads.bulkSetStatus.mutationOptions(afterBulk("moved")));
  const assign = useMutation(trpc.leads.bulkAssign.mutationOptions(afterBulk("reassigned")));
  const remove = useMutation(trpc.leads.bulkDelete.mutationOptions(afterBulk("deleted")));

  const toggleSort = (sort: LeadSort) =>
    setView((current) => ({ ...current, sort, dir: current.sort === sort && current.dir === "desc" ? "asc" : "desc" }));

  const filtered = isFiltered(view.filter);
  const loadingNewView = leads.isPlaceholderData;

  return (
    <div className="space-y-4">
      <StatusTabs
        counts={counts.data ?? initialCounts}
        active={view.filter.statuses}
        onChange={(statuses) => setView((current) => ({ ...current, filter: { ...current.filter, statuses } }))}
      />
      <LeadFilters view={view} onChange={setView} assignees={assignees} table={table} />

      {target ? (
        <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <span className="font-medium">
            {selectedCount.toLocaleString("en-US")} selected{allMatching ? " (everything matching this filter)" : ""}
          </span>
          {!allMatching && table.getIsAllRowsSelected() && total > rows.length ? (
            <button type="button" className="font-medium underline underline-offset-2" onClick={() => setAllMatching(true)}>
              Select all {total.toLocaleString("en-US")} matching this filter
            </button>
          ) : null}
          <label className="flex items-center gap-2">
            <span className="sr-only">Change status of the selected leads</span>
            <select
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
              value=""
              disabled={setStatus.isPending}
              onChange={(event) => event.target.value && setStatus.mutate({ target, status: event.target.value as LeadStatus })}
            >
              <option value="">Move to…</option>
              {LeadStatuses.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2">
            <span className="sr-only">Assign the selected leads</span>
            <select
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
              value=""
              disabled={assign.isPending}
              onChange={(event) => {
                const value = event.target.value;
                if (value) assign.mutate({ target, assignedToId: value === "nobody" ? null : value });
              }}
            >
              <option value="">Assign to…</option>
              {(can.assignOthers ? assignees : assignees.filter((person) => person.id === userId)).map((person) => (
                <option key={person.id} value={person.id}>
                  {person.id === userId ? `Me (${person.name})` : person.name}
                </option>
              ))}
              <option value="nobody">Nobody</option>
            </select>
          </label>
          {can.delete ? (
            <ConfirmDialog
              trigger="Delete"
              title={`Delete ${selectedCount.toLocaleString("en-US")} ${selectedCount === 1 ? "lead" : "leads"}?`}
              confirmLabel="Delete"
              pending={remove.isPending}
              onConfirm={() => remove.mutateAsync({ target }).then(() => undefined, () => undefined)}
            >
              Their history goes with them. This cannot be undone.
            </ConfirmDialog>
          ) : null}
          <button
            type="button"
            className="ml-auto text-zinc-600 underline underline-offset-2 dark:text-zinc-400"
            onClick={() => {
              setRowSelection({});
              setAllMatching(false);
            }}
          >
            Clear selection
          </button>
        </div>
      ) : null}

      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <table className={`w-full min-w-[48rem] text-left text-sm ${loadingNewView ? "opacity-60" : ""}`} aria-busy={loadingNewView}>
          <caption className="sr-only">
            Leads, sorted by {SORT_LABELS[view.sort].toLowerCase()} {view.dir === "asc" ? "ascending" : "descending"}
          </caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sort = SORTABLE[header.column.id];
                  const sorted = sort && view.sort === sort ? view.dir : null;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="px-3 py-2.5 font-medium"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {sort ? (
                        <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100" onClick={() => toggleSort(sort)}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === "asc" ? "↑" : sorted === "desc" ? "↓" : ""}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid="lead-row" className={row.getIsSelected() ? "bg-zinc-50 dark:bg-zinc-800/60" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2.5 align-middle">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {leads.isError ? (
          <div className="p-4">
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {problemOfApiError(leads.error).message}
            </p>
            <Button variant="secondary" className="mt-3" onClick={() => leads.refetch()}>
              Try again
            </Button>
          </div>
        ) : rows.length === 0 ? (
          <div className="p-4">
            {filtered ? (
              <EmptyState title="No leads match this filter">
                <button type="button" className="font-medium underline underline-offset-2" onClick={() => setView((current) => ({ ...current, filter: { statuses: [], sources: [] } }))}>
                  Clear the filters
                </button>{" "}
                to see all leads.
              </EmptyState>
            ) : (
              <EmptyState title="No leads yet">
                <Link className="font-medium underline underline-offset-2" href="/leads/new">
                  Add a lead
                </Link>
                {can.import ? (
                  <>
                    {" "}
                    or{" "}
                    <Link className="font-medium underline underline-offset-2" href="/leads/import">
                      import a CSV file
                    </Link>
                  </>
                ) : null}
                .
              </EmptyState>
            )}
          </div>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
        <p aria-live="polite">
          Showing {rows.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
        </p>
        {leads.hasNextPage ? (
          <Button variant="secondary" pending={leads.isFetchingNextPage} pendingLabel="Loading…" onClick={() => leads.fetchNextPage()}>
            Load {PAGE_SIZE} more
          </Button>
        ) : null}
        {leads.isFetching && !leads.isFetchingNextPage ? (
          <span className="inline-flex items-center gap-2">
            <Spinner /> Updating…
          </span>
        ) : null}
      </div>
    </div>
  );
}

function StatusTabs({
  counts,
  active,
  onChange,
}: {
  counts: { total: number; byStatus: Record<LeadStatus, number> };
  active: LeadStatus[];
  onChange: (statuses: LeadStatus[]) => void;
}) {
  const tab = (selected: boolean) =>
    `whitespace-nowrap rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${
      selected
        ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
        : "bg-white text-zinc-700 ring-zinc-200 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
    }`;
  return (
    <div className="flex gap-2 overflow-x-auto pb-1" role="group" aria-label="Filter by status (counts for the current filter)">
      <button type="button" aria-pressed={active.length === 0} className={tab(active.length === 0)} onClick={() => onChange([])}>
        All <span className="tabular-nums opacity-70">{counts.total.toLocaleString("en-US")}</span>
      </button>
      {LeadStatuses.map((status) => {
        const selected = active.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={selected}
            className={tab(selected)}
            onClick={() => onChange(selected ? active.filter((s) => s !== status) : [...active, status])}
          >
            {STATUS_LABELS[status]} <span className="tabular-nums opacity-70">{counts.byStatus[status].toLocaleString("en-US")}</span>
          </button>
        );
      })}
    </div>
  );
}

function leadColumns(): ColumnDef<Lead>[] {
  return [
    {
      id: "select",
      enableHiding: false,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select all loaded leads"
          className="size-4"
          checked={table.getIsAllRowsSelected()}
          ref={(input) => {
            if (input) input.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select ${row.original.firstName} ${row.original.lastName}`}
          className="size-4"
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    },
    {
      id: "name",
      header: "Name",
      enableHiding: false,
      cell: ({ row: { original: lead } }) => (
        <div className="min-w-0">
          <Link href={`/leads/${lead.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">
            {`${lead.firstName} ${lead.lastName}`.trim()}
          </Link>
          {lead.email ? <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{lead.email}</p> : null}
        </div>
      ),
    },
    { id: "company", header: "Company", cell: ({ row }) => row.original.company ?? <span className="text-zinc-400">—</span> },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status] ?? "neutral"}>{STATUS_LABELS[row.original.status]}</Badge>,
    },
    { id: "source", header: "Source", cell: ({ row }) => SOURCE_LABELS[row.original.source] },
    { id: "value", header: "Value", cell: ({ row }) => <span className="tabular-nums">{formatAmount(row.original.estimatedValue)}</span> },
    { id: "assignee", header: "Assignee", cell: ({ row }) => row.original.assignee?.name ?? <span className="text-zinc-400">Unassigned</span> },
    { id: "createdAt", header: "Created", cell: ({ row }) => formatDate(row.original.createdAt) },
    { id: "updatedAt", header: "Updated", cell: ({ row }) => formatDate(row.original.updatedAt) },
  ];
}
