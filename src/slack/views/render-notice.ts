import type { Notice } from '../../services/ports.js';
import type { SlackMessage } from './blocks.js';
import { buildIncidentAnnounced } from './incident-announced.js';
import { buildIncidentOpened } from './incident-status.js';

/** Draws a service's notice with its builder. Exhaustive: a new notice kind without a builder fails to compile. */
export function renderNotice(notice: Notice): SlackMessage {
  switch (notice.kind) {
    case 'incident-opened':
      return buildIncidentOpened(notice.incident, notice.roles, notice.nextUpdateAt);
    case 'incident-announced':
      return buildIncidentAnnounced(notice.incident, notice.roles);
  }
}
