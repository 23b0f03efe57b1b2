import { AuthShell, buttonClassName } from "@saas/ui";
import Link from "next/link";
import { PRODUCT_NAME } from "../server/auth";

/** 404 of the staff console. */
export default function NotFound() {
  return (
    <AuthShell product={PRODUCT_NAME} title="Page not found" description="This page does not exist, or you do not have access to it.">
      <Link href="/" className={buttonClassName("secondary")}>
        Back to the console
      </Link>
    </AuthShell>
  );
}
