import { listIncidents } from '../../../services/list-incidents.js';
import { buildIncidentList } from '../../views/incident-list.js';
import type { SubcommandInput } from './types.js';

/** `/incident list`: open incidents, newest first; private ones only counted. */
export async function handleList({ ctx, respond }: SubcommandInput<'list'>): Promise<void> {
  await respond({ response_type: 'ephemeral', ...buildIncidentList(await listIncidents(ctx.services)) });
}
