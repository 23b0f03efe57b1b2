import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface EmailChangedProps {
  productName: string;
  name: string;
  oldEmail: string;
  newEmail: string;
  /** Undoes the change: the account goes back to the old address and every session ends. */
  undoUrl: string;
  /** How long the undo link works. */
  undoExpiresInDays: number;
}

/** Sent to the previous address once the change is done, so a hijacked account does not go unnoticed. */
export function emailChanged({ productName, name, oldEmail, newEmail, undoUrl, undoExpiresInDays }: EmailChangedProps): EmailTemplate {
  return {
    subject: `Your ${productName} email address was changed`,
    actionUrl: undoUrl,
    element: (
      <EmailLayout
        productName={productName}
        preview={`Your sign-in email is now ${newEmail}.`}
        heading="Your email address was changed"
        action={{ label: `This wasn't me — give the account back to ${oldEmail}`, url: undoUrl }}
        footer={`You receive this at ${oldEmail} because it was the email address of your account until now.`}
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          The email address of your {productName} account was changed from {oldEmail} to {newEmail}. From now on, sign in
          with {newEmail}.
        </Paragraph>
        <Paragraph>
          If you made this change, there is nothing to do. If you did not, the button above moves the account back to {oldEmail}
          and signs everyone out of it; then reset your password. It works for {undoExpiresInDays} days.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
