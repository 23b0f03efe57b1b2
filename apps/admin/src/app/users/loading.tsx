import { PageSkeleton } from "@saas/ui";

export default function Loading() {
  return <PageSkeleton />;
}
