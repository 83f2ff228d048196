import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { SHORTCUTS } from '../../ids.js';
import { handleAddToTimeline } from './add-to-timeline.js';

export function registerShortcuts(app: App, ctx: ListenerContext): void {
  app.shortcut(SHORTCUTS.addToTimeline, handleAddToTimeline(ctx));
}
