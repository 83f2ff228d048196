import { isComponentStatus, isPublicPhase, PHASE_LABEL, STATUS_LABEL } from '../../domain/status-page.js';
import type { PublicationView } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { type AnyBlock, actions, button, context, type SlackMessage, section } from './blocks.js';
import { escapeText, userRef } from './format.js';

const phaseText = (phase: string) => (isPublicPhase(phase) ? PHASE_LABEL[phase] : phase);
const statusText = (status: string) => (isComponentStatus(status) ? STATUS_LABEL[status] : status);

/** Where the Statuspage copy stands, said plainly; a failure comes with Retry. */
function statuspageLine(sp: NonNullable<PublicationView['statuspage']>): string {
  if (sp.state === 'sent') return '✅ Statuspage: updated';
  if (sp.state === 'pending') return '⏳ Statuspage: sending…';
  return `⚠️ Statuspage: *not updated* after ${sp.attempts} attempt${sp.attempts === 1 ? '' : 's'}: ${escapeText(sp.error ?? 'unknown error')}`;
}

/**
 * The channel's record of a publication to customers: what was published (the public name, phase,
 * components and message, exactly as customers read them), by whom, and where — redrawn as the
 * Statuspage delivery goes, with Retry when it failed.
 */
export function buildPublicationRecord(p: PublicationView): SlackMessage {
  const components = p.components.length
    ? p.components.map((c) => `${escapeText(c.component)}: ${statusText(c.status)}`).join(' · ')
    : 'no component affected';
  const head = `📣 *Published to ${p.where.join(' and ')}* by ${userRef(p.publishedBy)} — ${phaseText(p.phase)}`;
  const body = `*${escapeText(p.name)}*\n>${escapeText(p.message).replace(/\n/g, '\n>')}`;
  const blocks: AnyBlock[] = [section(`${head}\n${body}`, 'publication'), context(`Components: ${components}`)];
  if (p.statuspage) blocks.push(context(statuspageLine(p.statuspage)));
  if (p.statuspage?.state === 'failed')
    blocks.push(actions('publication_retry', [button('Retry Statuspage', ACTIONS.retryPublication, p.id, 'primary')]));
  return {
    text: `📣 Published to ${p.where.join(' and ')} by ${userRef(p.publishedBy)} (${phaseText(p.phase)}): ${escapeText(p.name)}`,
    blocks,
  };
}
