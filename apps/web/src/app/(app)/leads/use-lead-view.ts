"use client";

import { paramsFromLeadView, type LeadView } from "@saas/leads/model";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The list's view (filter, search, sort), kept in the URL so it can be bookmarked and shared.
 * The URL is updated with `history.replaceState` (Next keeps `useSearchParams` in step), so
 * changing the view refetches through the API without re-rendering the server page.
 */
export function useLeadView(initial: LeadView) {
  const [view, setViewState] = useState<LeadView>(initial);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const query = paramsFromLeadView(view).toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }, [view]);
  const setView = useCallback((update: (current: LeadView) => LeadView) => setViewState(update), []);
  return [view, setView] as const;
}
