import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface ConfirmEmailChangeProps {
  productName: string;
  name: string;
  currentEmail: string;
  newEmail: string;
  url: string;
  expiresInMinutes: number;
}

/**
 * Sent to the current address when someone asks to move the account to another one: nothing
 * changes until its owner confirms here, so a stolen session alone cannot take the account.
 */
export function confirmEmailChange({ productName, name, currentEmail, newEmail, url, expiresInMinutes }: ConfirmEmailChangeProps): EmailTemplate {
  return {
    subject: `Confirm the change of your ${productName} email address`,
    actionUrl: url,
    element: (
      <EmailLayout
        productName={productName}
        preview={`Someone asked to change your sign-in email to ${newEmail}.`}
        heading="Confirm your new email address"
        action={{ label: `Yes, change it to ${newEmail}`, url }}
        footer={`You receive this at ${currentEmail} because it is the email address of your account.`}
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          Someone signed in to your {productName} account asked to change its email address from {currentEmail} to {newEmail}.
          If it was you, confirm below; we will then send a last link to {newEmail}. The link expires in {expiresInMinutes} minutes.
        </Paragraph>
        <Paragraph>If it was not you, do not click: nothing changes. Change your password, since someone else knows it.</Paragraph>
      </EmailLayout>
    ),
  };
}
