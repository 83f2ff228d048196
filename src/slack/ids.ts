/**
 * Every action_id and callback_id Firebreak puts in Slack, in one place: listeners match on these
 * and builders emit them, so a rename cannot leave a button without a handler.
 */
export const ACTIONS = {
  retryDeclaration: 'declaration_retry',
} as const;

export const VIEWS = {} as const;
