import type { EmailTemplate } from "../template";
import { EmailLayout, Paragraph } from "./email-layout";

export interface TwoFactorEnabledProps {
  productName: string;
  name: string;
  /** The security settings, where the reader can review sessions and two-factor authentication. */
  settingsUrl: string;
}

export function twoFactorEnabled({ productName, name, settingsUrl }: TwoFactorEnabledProps): EmailTemplate {
  return {
    subject: `Two-factor authentication is on for your ${productName} account`,
    actionUrl: settingsUrl,
    element: (
      <EmailLayout
        productName={productName}
        preview="Signing in now needs a code from your authenticator app."
        heading="Two-factor authentication is on"
        action={{ label: "Review security settings", url: settingsUrl }}
        footer="If you did not turn on two-factor authentication, reset your password and contact support right away."
      >
        <Paragraph>Hi {name},</Paragraph>
        <Paragraph>
          Two-factor authentication was turned on for your account. From now on, signing in asks for a code from your
          authenticator app. Keep your backup codes somewhere safe: each one works once if you lose your device.
        </Paragraph>
      </EmailLayout>
    ),
  };
}
