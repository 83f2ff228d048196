import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeForUser } from '../../../services/home-for-user.js';
import type { ListenerContext } from '../../context.js';
import { buildAppHome } from '../../views/app-home.js';

/** Someone opened Firebreak's Home tab: publish their view of open incidents. */
export function handleAppHomeOpened(ctx: ListenerContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const home = await homeForUser(ctx.services, event.user);
    await client.views.publish({ user_id: event.user, view: buildAppHome(home) });
  };
}
