import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface InvitationProps {
  productName: string;
  inviterName: string;
  inviterEmail: string;
  organizationName: string;
  role: string;
  url: string;
  expiresAt: Date;
}

export function invitation({
  productName,
  inviterName,
  inviterEmail,
  organizationName,
  role,
  url,
  expiresAt,
}: InvitationProps): EmailTemplate {
  const expires = expiresAt.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return {
    subject: `${inviterName} invited you to ${organizationName} on ${productName}`,
    actionUrl: url,
    element: (
      <EmailLayout
        productName={productName}
        preview={`Join ${organizationName} as ${role}.`}
        heading={`Join ${organizationName}`}
        action={{ label: "Accept invitation", url }}
        footer={`This invitation was sent to this address by ${inviterEmail}. If you were not expecting it, ignore this email.`}
      >
        <Paragraph>
          {inviterName} ({inviterEmail}) invited you to join <strong>{organizationName}</strong> on {productName} as{" "}
          <strong>{role}</strong>.
        </Paragraph>
        <Paragraph>
          Sign in, or create an account with this email address, to accept. The invitation expires on {expires} UTC.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
