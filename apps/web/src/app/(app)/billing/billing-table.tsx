import type { ReactNode } from "react";

export interface Column {
  label: string;
  /** Figures and badges line up on the right. */
  align?: "right";
  /** Shown from the `sm` breakpoint up: narrow phones get the same facts folded into another cell. */
  wide?: boolean;
}

/** The billing page's tables: a caption for assistive technology, column headers, then the rows. */
export function BillingTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={`py-2 pr-3 font-medium last:pr-0 ${column.align === "right" ? "text-right" : ""} ${column.wide ? "hidden sm:table-cell" : ""}`}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</tbody>
    </table>
  );
}

/** A cell; the last of a row has no right padding. */
export function Cell({ align, wide, className = "", children }: { align?: "right"; wide?: boolean; className?: string; children: ReactNode }) {
  return <td className={`py-2.5 pr-3 align-top last:pr-0 ${align === "right" ? "text-right" : ""} ${wide ? "hidden sm:table-cell" : ""} ${className}`}>{children}</td>;
}
