import { renderEmail, type EmailTemplate } from "./template";
import type { MailTransport } from "./transports";

export interface Mailer {
  /** Renders the template (HTML and plain text) and hands it to the transport. */
  send(to: string, template: EmailTemplate): Promise<void>;
  readonly transport: MailTransport;
}

export function createMailer(options: { from: string; transport: MailTransport }): Mailer {
  return {
    transport: options.transport,
    async send(to, template) {
      const rendered = await renderEmail(template);
      await options.transport.deliver({ ...rendered, from: options.from, to });
    },
  };
}
