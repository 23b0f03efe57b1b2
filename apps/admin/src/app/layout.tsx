import { Toaster } from "@saas/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Staff console", template: "%s · Staff console" },
  description: "Users, organizations and billing, for staff.",
  // The console is private: keep it out of search engines.
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="font-sans antialiased">
        {children}
        <Toaster />
      </body>
    </html>
  );
}
