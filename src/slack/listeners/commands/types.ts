/** The parts of a slash command payload handlers use. */
export interface CommandArgs {
  userId: string;
  channelId: string;
  triggerId: string;
  teamId: string;
}
