import type { types } from '@slack/bolt';
import { incidentRef } from '../../domain/incident.js';
import { STATUS_LABEL } from '../../domain/lifecycle.js';
import { ROLE_NAME } from '../../domain/roles.js';
import { severityLabel } from '../../domain/severity.js';
import type { Home, HomeEntry } from '../../services/home-for-user.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, divider, header, section } from './blocks.js';
import { channelRef, escapeText, userRef } from './format.js';

// A home view holds at most 100 blocks; two per incident plus headers leaves room for 40 incidents.
const MAX_LISTED = 20;

function line({ incident: i, roles, mine }: HomeEntry): string {
  const yours = mine.length ? ` · *you: ${mine.map((r) => (r === 'ic' ? 'IC' : ROLE_NAME[r])).join(', ')}*` : '';
  const tags = `${i.isPrivate ? ' 🔒' : ''}${i.isDrill ? ' 🧪' : ''}`;
  return `*${severityLabel(i.severity)}* ${channelRef(i.channelId, i.channelName)} ${escapeText(i.title)}${tags}\n${incidentRef(i)} · ${STATUS_LABEL[i.status]} · IC ${userRef(roles.ic)}${yours}`;
}

/** The App Home tab: your incidents and roles, all open public incidents, and a Declare button. */
export function buildAppHome(home: Home): types.HomeView {
  const list = (entries: HomeEntry[], empty: string) =>
    entries.length ? entries.slice(0, MAX_LISTED).map((e) => section(line(e))) : [context(empty)];
  return {
    type: 'home',
    blocks: [
      header('🔥 Firebreak'),
      actions('home_actions', [button('Declare incident', ACTIONS.declareFromHome, 'home', 'danger')]),
      divider(),
      header('Your incidents'),
      ...list(home.yours, 'You hold no role in an open incident.'),
      divider(),
      header('All open incidents'),
      ...list(home.others, 'No other open incidents.'),
      ...(home.privateCount
        ? [context(`…and ${home.privateCount} private incident${home.privateCount === 1 ? '' : 's'}.`)]
        : []),
    ],
  };
}
