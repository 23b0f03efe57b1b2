"use client";

import { Toaster as Sonner } from "sonner";

/** Where every mutation's success or failure is announced (polite live region, dark mode follows the OS). */
export function Toaster() {
  return <Sonner theme="system" richColors closeButton position="top-right" toastOptions={{ duration: 5000 }} />;
}

export { toast } from "sonner";
