import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface VerifyEmailProps {
  productName: string;
  name: string;
  url: string;
  expiresInMinutes: number;
}

export function verifyEmail({ productName, name, url, expiresInMinutes }: VerifyEmailProps): EmailTemplate {
  const preview = `Confirm your email address to finish setting up ${productName}.`;
  return {
    subject: `Confirm your email for ${productName}`,
    actionUrl: url,
    element: (
      <EmailLayout
        productName={productName}
        preview={preview}
        heading="Confirm your email address"
        action={{ label: "Confirm email address", url }}
        footer={`If you did not create a ${productName} account, ignore this email: nothing happens until the link is used.`}
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          Confirm that this is your email address to finish setting up your account. The link works once and expires in{" "}
          {expiresInMinutes} minutes.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
