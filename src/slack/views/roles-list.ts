import type { Incident, RoleHolders } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { ROLE_NAME, ROLES } from '../../domain/roles.js';
import { ACTIONS } from '../ids.js';
import { actions, button, type SlackMessage, section } from './blocks.js';

/** `/incident roles`: each role and its holder; empty roles get a Take button; with paging, Page on-call. */
export function buildRolesList(incident: Incident, roles: RoleHolders, opts: { canPage?: boolean } = {}): SlackMessage {
  const lines = ROLES.map((r) => `• *${ROLE_NAME[r]}*: ${roles[r] ? `<@${roles[r]}>` : '_empty_'}`);
  const text = `Roles of ${incidentRef(incident)}\n${lines.join('\n')}`;
  const empty = ROLES.filter((r) => !roles[r]);
  return {
    text,
    blocks: [
      section(text, 'roles_list'),
      ...(empty.length
        ? [
            actions(
              'roles_take',
              empty.map((r) =>
                button(`Take ${r === 'ic' ? 'IC' : ROLE_NAME[r]}`, `${ACTIONS.takeRole}:${r}`, `${incident.id}:${r}`),
              ),
            ),
          ]
        : []),
      ...(opts.canPage && incident.services.length && incident.status !== 'resolved'
        ? [actions('roles_page', [button('📟 Page on-call', ACTIONS.pageOnCall, incident.id)])]
        : []),
    ],
  };
}
