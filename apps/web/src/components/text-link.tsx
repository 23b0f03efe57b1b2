import Link from "next/link";
import type { ComponentProps } from "react";

/** An inline link in running text. */
export function TextLink({ className = "", ...props }: ComponentProps<typeof Link>) {
  return (
    <Link
      className={`font-medium text-zinc-900 underline underline-offset-2 hover:text-zinc-600 dark:text-zinc-100 dark:hover:text-zinc-300 ${className}`}
      {...props}
    />
  );
}
