import { render } from "@react-email/render";
import type { ReactElement } from "react";

/** One email, before rendering: what the templates in `templates/` return. */
export interface EmailTemplate {
  subject: string;
  /** The link the reader is asked to follow; the local outbox prints it. */
  actionUrl?: string;
  element: ReactElement;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  actionUrl?: string;
}

/** Renders a template to the HTML and plain-text bodies of a multipart email. */
export async function renderEmail(template: EmailTemplate): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([
    render(template.element),
    render(template.element, { plainText: true }),
  ]);
  return { subject: template.subject, html, text, actionUrl: template.actionUrl };
}
