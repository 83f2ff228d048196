/**
 * How long what people write may be. The grammar refuses longer text in the ack (nothing changes)
 * and the services enforce the same numbers for the forms. Each fits a Slack section (3000) with
 * room for the words around it.
 */
export const TEXT_LIMITS = {
  title: 150,
  note: 3000,
  update: 3000,
  summary: 2000,
  impact: 2000,
  description: 3000,
  actionItem: 1000,
  validation: 500,
} as const;

/** `Keep the note under 3000 characters (it has 40000).` */
export const tooLong = (what: string, limit: number, length: number): string =>
  `Keep ${what} under ${limit} characters (it has ${length}).`;
