import { SignOutButton } from "@saas/auth/react";
import { AppFrame } from "@saas/ui";
import type { ReactNode } from "react";
import { ImpersonationBanner } from "../../components/impersonation-banner";
import { MainNav } from "../../components/main-nav";
import { OrganizationSwitcher } from "../../components/organization-switcher";
import { PaymentNotice } from "../../components/payment-notice";
import { PRODUCT_NAME } from "../../server/auth";
import { getWorkspace } from "../../server/workspace";
import { TRPCReactProvider } from "../../trpc/client";

/** Every page in here needs a signed-in person (getWorkspace redirects to sign-in otherwise). */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { session, memberships, active } = await getWorkspace();
  return (
    <AppFrame
      product={PRODUCT_NAME}
      banner={session.session.impersonatedBy ? <ImpersonationBanner name={session.user.name} email={session.user.email} /> : null}
      headerStart={
        memberships.length > 0 ? (
          <OrganizationSwitcher
            organizations={memberships.map((membership) => ({ id: membership.organizationId, name: membership.name }))}
            activeId={active?.organizationId ?? null}
          />
        ) : null
      }
      headerEnd={
        <>
          <span className="hidden max-w-[12rem] truncate text-sm text-zinc-600 sm:inline dark:text-zinc-400" title={session.user.email}>
            {session.user.name}
          </span>
          {/* Impersonating, the banner's Stop is the way out (signing out is refused as a write). */}
          {session.session.impersonatedBy ? null : <SignOutButton />}
        </>
      }
      navigation={<MainNav hasOrganization={active !== null} />}
    >
      <TRPCReactProvider>
        {/* Only about an organization: without one there is no payment to be overdue. */}
        {active ? <PaymentNotice organizationId={active.organizationId} /> : null}
        {children}
      </TRPCReactProvider>
    </AppFrame>
  );
}
