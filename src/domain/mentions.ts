// Reading the Slack markup people type (the command grammar). The domain writes none: Slack's own
// forms are drawn in slack/views/ (`userRef`, `channelRef`), and documents take a `NamePerson`.

/** `<@U123|alice>` or `<@U123>` (Slack's escaped mention) or a bare id → the user id. */
export function parseUserMention(token: string): string | undefined {
  const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token.trim()) ?? /^([UW][A-Z0-9]{2,})$/.exec(token.trim());
  return m?.[1];
}

/** `<#C123|name>` or `<#C123>` or a bare id → the channel id. */
export function parseChannelMention(token: string): string | undefined {
  const m = /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(token.trim()) ?? /^([CG][A-Z0-9]{2,})$/.exec(token.trim());
  return m?.[1];
}
