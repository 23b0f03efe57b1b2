import { PageSkeleton } from "@saas/ui";

/** Shown at once while a page of the app loads (navigation included), instead of the old page standing still. */
export default function Loading() {
  return <PageSkeleton />;
}
