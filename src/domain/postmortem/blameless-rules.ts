/**
 * The vocabulary of blame, each with a system-focused rewrite to suggest. Two families: phrases
 * that blame whoever they are about ("human error"), and verbs that only blame when a person is
 * their subject ("Bob broke prod" — but "the deploy broke checkout" is a fine causal statement).
 */

export interface BlameRule {
  re: RegExp;
  suggestion: string;
}

const S = {
  broke:
    'Describe what let the change through, not who made it: e.g. "the deploy pipeline allowed an unreviewed change to reach prod".',
  forgot: 'Describe the missing guardrail: e.g. "the release checklist had no step for this and nothing enforced it".',
  ignored:
    'Describe why the signal did not stand out: e.g. "the alert fired among many others and was not routed as a page".',
  shouldHave:
    'Describe what was not visible at the time: e.g. "the dashboard did not show the queue depth, so the risk was not apparent".',
  error:
    'Name the condition that made the error possible: e.g. "the command ran against production without a confirmation step".',
  care: 'Describe the working conditions, not a person\'s care: e.g. "the change was made under time pressure without a second reviewer".',
  accident:
    'Describe what made the action easy to do by accident: e.g. "the production and staging consoles look the same".',
};

/** Blaming whoever they are about; flagged wherever they appear. */
export const PHRASE_RULES: BlameRule[] = [
  { re: /\b(?:human|operator|pilot) error\b/gi, suggestion: S.error },
  { re: /\bshould(?:'ve| have) (?:known|noticed|caught|seen|checked)\b/gi, suggestion: S.shouldHave },
  {
    re: /\b(?:careless(?:ness|ly)?|sloppy|negligen(?:t|ce)|incompeten(?:t|ce)|reckless(?:ly)?)\b/gi,
    suggestion: S.care,
  },
  { re: /\bnot paying attention\b|\black of (?:attention|care)\b|\bdropped the ball\b/gi, suggestion: S.care },
  { re: /\b(?:(?:the )?fault of|(?:his|her|their) (?:fault|mistake)|to blame|blamed? on)\b/gi, suggestion: S.error },
];

/** Verb phrases that blame when a person is the subject; matched right after a person (≤ 2 words between). */
export const PERSON_VERBS: { source: string; suggestion: string }[] = [
  {
    source: 'broke|breaks|caused|causes|took down|brought down|botched|(?:pushed|deployed|shipped|merged) a bad',
    suggestion: S.broke,
  },
  {
    source:
      "forgot|forgets|missed|neglected|overlooked|failed to|didn't|did not|never (?:checked|tested|reviewed)|skipped",
    suggestion: S.forgot,
  },
  { source: 'ignored|ignores|disregarded', suggestion: S.ignored },
  { source: "should(?:'ve| have)|shouldn't have|should not have", suggestion: S.shouldHave },
  { source: 'messed up|screwed up|fat-fingered|made (?:a|an) (?:mistake|error)|mistakenly', suggestion: S.error },
  { source: 'accidentally|inadvertently', suggestion: S.accident },
  { source: 'was careless|was sloppy|was negligent', suggestion: S.care },
];

/** "Bob's mistake", "<@U1>'s bad deploy". */
export const POSSESSIVE = {
  source: "'s (?:mistake|fault|error|bad (?:deploy|change|commit|config|push))",
  suggestion: S.error,
};

/** Someone unnamed, still a person: "someone forgot to…", "the on-call missed…". */
export const GENERIC_PEOPLE =
  'someone|somebody|the (?:on-?call(?:er)?|engineer|developer|dev|intern|operator|sre|admin|new hire)|an? (?:engineer|developer|operator)';
