import { buttonClassName } from "@saas/ui";

/** The list as on screen (its filters, every page) as a CSV file. A plain link: the browser downloads it. */
export function DownloadLink({ href }: { href: string }) {
  return (
    <a href={href} className={buttonClassName("ghost")} download>
      Download CSV
    </a>
  );
}
