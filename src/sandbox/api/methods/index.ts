/**
 * The registry of emulated Web API methods. A method missing here answers `unknown_method` and records a
 * violation; to add one, copy its spec into specs/methods/ and register its handler below.
 */
import type { MethodDefinition } from '../method.js';
import { appsConnectionsOpen } from './apps.js';
import { chatDelete, chatGetPermalink, chatPostEphemeral, chatPostMessage, chatUpdate } from './chat.js';
import {
  conversationsCreate,
  conversationsInvite,
  conversationsJoin,
  conversationsOpen,
  conversationsSetPurpose,
  conversationsSetTopic,
} from './conversations.js';
import {
  conversationsHistory,
  conversationsInfo,
  conversationsList,
  conversationsMembers,
  conversationsReplies,
} from './conversations-read.js';
import { filesCompleteUploadExternal, filesGetUploadURLExternal } from './files.js';
import { authTest, bookmarksAdd, pinsAdd, reactionsAdd, usersInfo, usersLookupByEmail } from './misc.js';
import { viewsOpen, viewsPublish, viewsPush, viewsUpdate } from './views.js';

const ALL: MethodDefinition[] = [
  authTest,
  appsConnectionsOpen,
  conversationsCreate,
  conversationsInvite,
  conversationsInfo,
  conversationsSetTopic,
  conversationsSetPurpose,
  conversationsHistory,
  conversationsReplies,
  conversationsMembers,
  conversationsJoin,
  conversationsOpen,
  conversationsList,
  chatPostMessage,
  chatPostEphemeral,
  chatUpdate,
  chatGetPermalink,
  chatDelete,
  viewsOpen,
  viewsUpdate,
  viewsPush,
  viewsPublish,
  usersInfo,
  usersLookupByEmail,
  bookmarksAdd,
  pinsAdd,
  reactionsAdd,
  filesGetUploadURLExternal,
  filesCompleteUploadExternal,
];

/** Emulated methods by name. */
export const METHODS: ReadonlyMap<string, MethodDefinition> = new Map(ALL.map((m) => [m.name, m]));
