export { Alert, type AlertTone } from "./alert";
export { AuthShell } from "./auth-shell";
export { Button, buttonClassName, Spinner, type ButtonVariant } from "./button";
export { Badge, Card, EmptyState } from "./card";
export { CheckboxField, SelectField, TextField } from "./field";
export { AppFrame, PageShell, PageTitle } from "./page-shell";
export { StatCard } from "./stat-card";
