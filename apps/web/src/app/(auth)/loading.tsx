import { PageSkeleton } from "@saas/ui";

export default function Loading() {
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <PageSkeleton rows={3} />
    </div>
  );
}
