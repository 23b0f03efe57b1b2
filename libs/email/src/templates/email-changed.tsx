import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface EmailChangedProps {
  productName: string;
  name: string;
  oldEmail: string;
  newEmail: string;
  /** Where to reset the password if the change was not theirs. */
  resetPasswordUrl: string;
}

/** Sent to the previous address once the change is done, so a hijacked account does not go unnoticed. */
export function emailChanged({ productName, name, oldEmail, newEmail, resetPasswordUrl }: EmailChangedProps): EmailTemplate {
  return {
    subject: `Your ${productName} email address was changed`,
    actionUrl: resetPasswordUrl,
    element: (
      <EmailLayout
        productName={productName}
        preview={`Your sign-in email is now ${newEmail}.`}
        heading="Your email address was changed"
        action={{ label: "This wasn't me — reset my password", url: resetPasswordUrl }}
        footer={`You receive this at ${oldEmail} because it was the email address of your account until now.`}
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          The email address of your {productName} account was changed from {oldEmail} to {newEmail}. From now on, sign in
          with {newEmail}.
        </Paragraph>
        <Paragraph>
          If you made this change, there is nothing to do. If you did not, reset your password now and contact support.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
