import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface AccountExistsProps {
  productName: string;
  name: string;
  signInUrl: string;
  forgotPasswordUrl: string;
}

/**
 * Sent instead of a verification link when someone signs up with an address that already has an
 * account. The sign-up answer is the same either way, so only the address's owner learns of it.
 */
export function accountExists({ productName, name, signInUrl, forgotPasswordUrl }: AccountExistsProps): EmailTemplate {
  return {
    subject: `You already have a ${productName} account`,
    actionUrl: signInUrl,
    element: (
      <EmailLayout
        productName={productName}
        preview="Someone tried to create an account with this address."
        heading="You already have an account"
        action={{ label: "Sign in", url: signInUrl }}
        footer="If this wasn't you, you can ignore this email: nothing about your account changed."
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          Someone (hopefully you) tried to create a new {productName} account with this email address. It already has an
          account, so no new one was created. Sign in instead, or if you forgot your password, choose a new one at{" "}
          {forgotPasswordUrl}.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
