/** One summary email: both parts carry the same facts. */
export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** Port: sends an email and returns the provider's message ID. */
export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
