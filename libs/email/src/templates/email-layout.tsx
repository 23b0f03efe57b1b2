import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

// Inline styles: mail clients ignore stylesheets, and these few rules render the same in all of them.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "Inter, Helvetica, Arial, sans-serif", margin: 0, padding: "32px 0" },
  container: { backgroundColor: "#ffffff", border: "1px solid #e4e4e7", borderRadius: 12, margin: "0 auto", maxWidth: 520, padding: 32 },
  product: { color: "#52525b", fontSize: 14, fontWeight: 600, margin: "0 0 24px" },
  heading: { color: "#18181b", fontSize: 22, fontWeight: 600, lineHeight: "28px", margin: "0 0 16px" },
  text: { color: "#3f3f46", fontSize: 15, lineHeight: "24px", margin: "0 0 16px" },
  button: { backgroundColor: "#18181b", borderRadius: 8, color: "#ffffff", display: "inline-block", fontSize: 15, fontWeight: 600, padding: "12px 20px", textDecoration: "none" },
  small: { color: "#71717a", fontSize: 13, lineHeight: "20px", margin: "0 0 8px" },
  link: { color: "#3f3f46", fontSize: 13, wordBreak: "break-all" as const },
};

interface EmailLayoutProps {
  productName: string;
  preview: string;
  heading: string;
  children: ReactNode;
  /** The one thing the reader should do, as a button; its URL is repeated as text for clients that hide buttons. */
  action?: { label: string; url: string };
  /** Why the reader got this email and what to do if it was not them. */
  footer: string;
}

export function EmailLayout({ productName, preview, heading, children, action, footer }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.product}>{productName}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          {action ? (
            <Section style={{ margin: "24px 0" }}>
              <Button href={action.url} style={styles.button}>
                {action.label}
              </Button>
            </Section>
          ) : null}
          {action ? (
            <Text style={styles.small}>
              Or paste this link into your browser: <span style={styles.link}>{action.url}</span>
            </Text>
          ) : null}
          <Hr style={{ borderColor: "#e4e4e7", margin: "24px 0" }} />
          <Text style={styles.small}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}
