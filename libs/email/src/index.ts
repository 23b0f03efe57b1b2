export { emailEnvShape, mailTransportFromEnv, type EmailEnv } from "./env";
export { createMailer, type Mailer } from "./mailer";
export { renderEmail, type EmailTemplate, type RenderedEmail } from "./template";
export { createOutboxTransport, createSmtpTransport, type MailTransport, type OutboxEntry, type OutgoingEmail } from "./transports";
export { emailChanged, type EmailChangedProps } from "./templates/email-changed";
export { invitation, type InvitationProps } from "./templates/invitation";
export { resetPassword, type ResetPasswordProps } from "./templates/reset-password";
export { twoFactorEnabled, type TwoFactorEnabledProps } from "./templates/two-factor-enabled";
export { verifyEmail, type VerifyEmailProps } from "./templates/verify-email";
