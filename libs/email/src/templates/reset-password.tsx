import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface ResetPasswordProps {
  productName: string;
  name: string;
  url: string;
  expiresInMinutes: number;
}

export function resetPassword({ productName, name, url, expiresInMinutes }: ResetPasswordProps): EmailTemplate {
  return {
    subject: `Reset your ${productName} password`,
    actionUrl: url,
    element: (
      <EmailLayout
        productName={productName}
        preview="Choose a new password for your account."
        heading="Reset your password"
        action={{ label: "Choose a new password", url }}
        footer="If you did not ask to reset your password, ignore this email: your password stays as it is."
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          Someone (hopefully you) asked to reset the password of your account. The link works once and expires in{" "}
          {expiresInMinutes} minutes. Once you set a new password, you are signed out everywhere else.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
