import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import type { SHORTCUTS } from '../../ids.js';
import { handleAddToTimeline } from './add-to-timeline.js';

export function registerShortcuts(app: App, ctx: ListenerContext): void {
  // A literal so the manifest test can read it; `satisfies` keeps it tied to the id the builders use.
  app.shortcut('add_to_timeline' satisfies typeof SHORTCUTS.addToTimeline, handleAddToTimeline(ctx));
}
