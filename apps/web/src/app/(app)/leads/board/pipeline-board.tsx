"use client";

import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type KeyboardCoordinateGetter,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { BOARD_PAGE_SIZE, LeadStatuses, STATUS_LABELS, type Lead, type LeadPage, type LeadStatus } from "@saas/leads/model";
import { Skeleton, Spinner, toast } from "@saas/ui";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { formatAmount } from "../../../../components/format";
import { useTRPC } from "../../../../trpc/client";
import { problemOfApiError } from "../../../../trpc/problem";

type Summary = { status: LeadStatus; count: number; value: number }[];
type ColumnData = InfiniteData<LeadPage, string | null | undefined>;

interface PipelineBoardProps {
  initialColumns: Record<LeadStatus, LeadPage>;
}

const COLUMN_PREFIX = "column:";
const isStatus = (value: string): value is LeadStatus => (LeadStatuses as readonly string[]).includes(value);

/**
 * The pipeline: a column per status, a page of cards each (more on scroll), cards dragged between
 * and within columns with a pointer or the keyboard (Space to lift, arrows to move, Space to drop).
 * A move shows at once and is undone, with a message, if the server refuses it.
 */
export function PipelineBoard({ initialColumns }: PipelineBoardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dndId = useId();
  const [dragging, setDragging] = useState<Lead | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );
  // Totals over every lead: loaded after the cards, so a big organization's board shows at once.
  const summary = useQuery(trpc.leads.boardSummary.queryOptions(undefined));
  const columnKey = (status: LeadStatus) => trpc.leads.boardColumn.infiniteQueryKey({ status, limit: BOARD_PAGE_SIZE });
  const columnOf = (status: LeadStatus) => queryClient.getQueryData<ColumnData>(columnKey(status));
  const cardsOf = (status: LeadStatus) => columnOf(status)?.pages.flatMap((page) => page.items) ?? [];
  const findCard = (id: string) => {
    for (const status of LeadStatuses) {
      const cards = cardsOf(status);
      const index = cards.findIndex((lead) => lead.id === id);
      const lead = cards[index];
      if (lead) return { status, index, lead };
    }
    return null;
  };

  const move = useMutation(trpc.leads.move.mutationOptions());

  /** Writes a column's cards back into its pages (keeping each page's cursor). */
  function setCards(status: LeadStatus, cards: Lead[]) {
    queryClient.setQueryData<ColumnData>(columnKey(status), (data) => {
      if (!data) return data;
      let offset = 0;
      const pages = data.pages.map((page, index) => {
        const size = index === data.pages.length - 1 ? cards.length - offset : page.items.length;
        const items = cards.slice(offset, offset + Math.max(0, size));
        offset += Math.max(0, size);
        return { ...page, items };
      });
      return { ...data, pages };
    });
  }

  async function drop(event: DragEndEvent) {
    setDragging(null);
    const { active, over } = event;
    if (!over) return;
    const from = findCard(String(active.id));
    if (!from) return;
    const overId = String(over.id);
    const overCard = overId.startsWith(COLUMN_PREFIX) ? null : findCard(overId);
    const toStatus = overCard?.status ?? (overId.slice(COLUMN_PREFIX.length) as LeadStatus);
    if (!isStatus(toStatus)) return;

    const source = cardsOf(from.status);
    const target = from.status === toStatus ? source.filter((lead) => lead.id !== from.lead.id) : cardsOf(toStatus);
    let index = overCard ? target.findIndex((lead) => lead.id === overCard.lead.id) : target.length;
    // Within a column, dropping on a card below the dragged one places it after that card.
    if (overCard && from.status === toStatus && overCard.index > from.index) index += 1;
    if (index < 0) index = target.length;
    if (from.status === toStatus && index === from.index) return;

    const moved = { ...from.lead, status: toStatus };
    const next = [...target.slice(0, index), moved, ...target.slice(index)];
    const snapshot = LeadStatuses.map((status) => [status, columnOf(status)] as const);
    const summarySnapshot = summary.data;
    await queryClient.cancelQueries({ queryKey: trpc.leads.boardColumn.pathKey() });
    if (from.status !== toStatus) setCards(from.status, source.filter((lead) => lead.id !== from.lead.id));
    setCards(toStatus, next);
    if (from.status !== toStatus) {
      queryClient.setQueryData<Summary>(trpc.leads.boardSummary.queryKey(undefined), (columns) =>
        columns?.map((column) => {
          const value = from.lead.estimatedValue ?? 0;
          if (column.status === from.status) return { ...column, count: column.count - 1, value: column.value - value };
          if (column.status === toStatus) return { ...column, count: column.count + 1, value: column.value + value };
          return column;
        }),
      );
    }
    try {
      await move.mutateAsync({ id: from.lead.id, status: toStatus, aboveId: next[index - 1]?.id ?? null, belowId: next[index + 1]?.id ?? null });
      if (from.status !== toStatus) toast.success(`${from.lead.firstName} ${from.lead.lastName} moved to ${STATUS_LABELS[toStatus]}.`);
    } catch (error) {
      for (const [status, data] of snapshot) queryClient.setQueryData<ColumnData>(columnKey(status) as readonly unknown[], data);
      queryClient.setQueryData(trpc.leads.boardSummary.queryKey(undefined), summarySnapshot);
      toast.error(`The move was undone: ${problemOfApiError(error).message}`);
    } finally {
      void queryClient.invalidateQueries({ queryKey: trpc.leads.boardSummary.queryKey(undefined) });
    }
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(findCard(String(active.id))?.lead)}.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(findCard(String(active.id))?.lead)} is over ${placeOf(String(over.id))}.` : "Not over a column."),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(findCard(String(active.id))?.lead)} was dropped in ${placeOf(String(over.id))}.` : "Dropped outside the board; nothing moved."),
    onDragCancel: ({ active }) => `Moving ${nameOf(findCard(String(active.id))?.lead)} was cancelled.`,
  };
  const placeOf = (id: string) => {
    if (id.startsWith(COLUMN_PREFIX)) return `the ${STATUS_LABELS[id.slice(COLUMN_PREFIX.length) as LeadStatus]} column`;
    const card = findCard(id);
    return card ? `${nameOf(card.lead)} in ${STATUS_LABELS[card.status]}` : "the board";
  };

  return (
    <DndContext
      id={dndId}
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={(event: DragStartEvent) => setDragging(findCard(String(event.active.id))?.lead ?? null)}
      onDragCancel={() => setDragging(null)}
      onDragEnd={drop}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: "To move a lead, press Space, use the arrow keys to choose its column and place, then press Space to drop it or Escape to cancel.",
        },
      }}
    >
      <div className="flex gap-3 overflow-x-auto pb-4" aria-label="Pipeline board" role="region">
        {LeadStatuses.map((status) => (
          <BoardColumn
            key={status}
            status={status}
            initialPage={initialColumns[status]}
            summary={summary.data?.find((column) => column.status === status) ?? null}
          />
        ))}
      </div>
      <DragOverlay>{dragging ? <CardBody lead={dragging} lifted /> : null}</DragOverlay>
    </DndContext>
  );
}

/**
 * Arrow keys on the board: up and down move within a column (dnd-kit's sortable behaviour), left
 * and right jump to the top of the neighbouring column.
 */
const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  if (event.code !== "ArrowLeft" && event.code !== "ArrowRight") return sortableKeyboardCoordinates(event, args);
  const { collisionRect, droppableRects } = args.context;
  if (!collisionRect) return undefined;
  const columns = LeadStatuses.flatMap((status) => {
    const rect = droppableRects.get(`${COLUMN_PREFIX}${status}`);
    return rect ? [rect] : [];
  }).sort((a, b) => a.left - b.left);
  const center = collisionRect.left + collisionRect.width / 2;
  const current = columns.findIndex((rect) => center >= rect.left && center <= rect.left + rect.width);
  const target = columns[current + (event.code === "ArrowRight" ? 1 : -1)];
  if (current < 0 || !target) return undefined;
  event.preventDefault();
  return { x: target.left + (target.width - collisionRect.width) / 2, y: target.top + 4 };
};

const nameOf = (lead: Lead | undefined) => (lead ? `${lead.firstName} ${lead.lastName}`.trim() : "the lead");

function BoardColumn({ status, initialPage, summary }: { status: LeadStatus; initialPage: LeadPage; summary: { count: number; value: number } | null }) {
  const trpc = useTRPC();
  const { setNodeRef, isOver } = useDroppable({ id: `${COLUMN_PREFIX}${status}` });
  const column = useInfiniteQuery({
    ...trpc.leads.boardColumn.infiniteQueryOptions({ status, limit: BOARD_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
    initialData: { pages: [initialPage], pageParams: [null] },
  });
  const cards = column.data?.pages.flatMap((page) => page.items) ?? [];
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = column;

  // The next page loads when the bottom of the column scrolls into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const headingId = `board-column-${status}`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`board-column-${status}`}
      className={`flex w-72 shrink-0 flex-col rounded-xl border bg-zinc-100/70 dark:bg-zinc-900/60 ${
        isOver ? "border-zinc-900 dark:border-zinc-100" : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <header className="flex items-baseline justify-between gap-2 px-3 pb-2 pt-3">
        <h2 id={headingId} className="text-sm font-semibold">
          {STATUS_LABELS[status]}
        </h2>
        {summary ? (
          <p className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            <span data-testid="column-count">{summary.count.toLocaleString("en-US")}</span> · {formatAmount(summary.value)}
          </p>
        ) : (
          <Skeleton className="h-3 w-16" />
        )}
      </header>
      <div ref={setNodeRef} className="max-h-[70vh] min-h-24 flex-1 space-y-2 overflow-y-auto px-2 pb-2">
        <SortableContext id={status} items={cards.map((lead) => lead.id)} strategy={verticalListSortingStrategy}>
          <ul className="space-y-2" aria-label={`${STATUS_LABELS[status]} leads`}>
            {cards.map((lead) => (
              <SortableCard key={lead.id} lead={lead} />
            ))}
          </ul>
        </SortableContext>
        {cards.length === 0 ? <p className="px-1 py-6 text-center text-xs text-zinc-500 dark:text-zinc-400">No leads here. Drop one to move it.</p> : null}
        <div ref={sentinel} aria-hidden="true" />
        {isFetchingNextPage ? (
          <p className="flex justify-center py-2 text-xs text-zinc-500">
            <Spinner />
          </p>
        ) : null}
      </div>
    </section>
  );
}

function SortableCard({ lead }: { lead: Lead }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: lead.id });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={isDragging ? "opacity-40" : ""}
      data-testid="board-card"
      {...attributes}
      {...listeners}
      aria-roledescription="Draggable lead"
      aria-label={`${nameOf(lead)}${lead.company ? `, ${lead.company}` : ""}`}
    >
      <CardBody lead={lead} />
    </li>
  );
}

function CardBody({ lead, lifted = false }: { lead: Lead; lifted?: boolean }) {
  return (
    <div
      className={`cursor-grab rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-sm active:cursor-grabbing dark:border-zinc-700 dark:bg-zinc-900 ${
        lifted ? "rotate-1 shadow-lg" : ""
      }`}
    >
      <Link href={`/leads/${lead.id}`} className="font-medium hover:underline" onPointerDown={(event) => event.stopPropagation()}>
        {nameOf(lead)}
      </Link>
      {lead.company ? <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">{lead.company}</p> : null}
      <div className="mt-2 flex items-center justify-between text-xs text-zinc-500 dark:text-zinc-400">
        <span className="tabular-nums">{formatAmount(lead.estimatedValue)}</span>
        <span className="truncate">{lead.assignee?.name ?? "Unassigned"}</span>
      </div>
    </div>
  );
}
