/**
 * What Slack sends for text a person typed. The client turns mentions and links into tokens
 * (`<@U123>`, `<#C123|ops>`, `<!here>`, `<https://…|label>`), and Slack escapes every other `&`, `<`
 * and `>` as `&amp;`, `&lt;`, `&gt;` in slash-command text, message events and the stored message
 * (conversations.history) alike — "R&D latency > 2s" arrives as `R&amp;D latency &gt; 2s`. Tests
 * write what the person typed, tokens included; the driver sends it the way Slack would. View
 * submissions are different: input values arrive exactly as typed, unescaped.
 */
const TOKEN =
  /<(?:[@#][UWCGD][A-Z0-9]+(?:\|[^<>]*)?|!(?:here|channel|everyone)(?:\|[^<>]*)?|!subteam\^[A-Z0-9]+(?:\|[^<>]*)?|(?:https?|mailto):[^\s<>|]+(?:\|[^<>]*)?)>/g;

const escapeEntities = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Escapes `&`, `<`, `>` outside the mention and link tokens the person typed, as Slack does. */
export function asSlackSendsIt(typed: string): string {
  let out = '';
  let last = 0;
  for (const m of typed.matchAll(TOKEN)) {
    out += escapeEntities(typed.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeEntities(typed.slice(last));
}
