import { Skeleton } from "@saas/ui";

/** The assistant's shape while it loads: the chat list beside a conversation. */
export default function AssistantLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the assistant…</span>
      <Skeleton className="mb-2 h-8 w-40" />
      <Skeleton className="mb-6 h-4 w-72 max-w-full" />
      <div className="grid gap-6 md:grid-cols-[15rem_minmax(0,1fr)]">
        <div className="space-y-2">
          <Skeleton className="h-9 w-full" />
          <div className="hidden space-y-2 md:block">
            {Array.from({ length: 4 }, (_, index) => (
              <Skeleton key={index} className="h-12 w-full" />
            ))}
          </div>
        </div>
        <div className="space-y-5">
          <Skeleton className="h-6 w-48" />
          <Skeleton className="ml-auto h-10 w-2/3" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="ml-auto h-10 w-1/2" />
          <Skeleton className="h-28 w-full rounded-xl" />
        </div>
      </div>
    </div>
  );
}
