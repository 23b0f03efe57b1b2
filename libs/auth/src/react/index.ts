export { authClient, problemOf } from "./auth-client";
export { ChangePasswordForm } from "./change-password-form";
export { NewPasswordField } from "./new-password-field";
export { SignInForm } from "./sign-in-form";
export { SignOutButton } from "./sign-out-button";
export { SocialSignInButtons, type SocialProvider } from "./social-sign-in";
export { TwoFactorChallenge } from "./two-factor-challenge";
export { TwoFactorSettings } from "./two-factor-settings";
