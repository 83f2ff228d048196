/**
 * The contract between context assembly, the two analysis engines (model and rules) and the
 * proposal flow. Engines only ever propose runbook ids from the catalogue with parameters the
 * runbook accepts; everything else in an answer is discarded before it reaches these types.
 */

/** One timeline item as the analysis sees it (already redacted). `id` is what evidence cites. */
export interface ContextItem {
  id: string;
  at: string;
  /** human | bot | system | alert */
  source: string;
  kind: string;
  text: string;
}

/** Everything an engine may look at, redacted, with untrusted text kept as data. */
export interface AnalysisContext {
  incident: {
    ref: string;
    title: string;
    severity: number;
    status: string;
    impact: string | null;
    description: string | null;
    services: string[];
  };
  /** Alert payload summaries (labels, annotations, values), redacted. */
  alerts: { summary: string; labels: Record<string, string> }[];
  timeline: ContextItem[];
  /**
   * Values measured by Prometheus for the matching runbooks' evidence queries (redacted). `id` is
   * `metric:<n>`, citable as evidence. Absent when nothing was queried.
   */
  metrics?: MetricItem[];
}

/** One evidence query's answer as the engines see it. */
export interface MetricItem {
  id: string;
  runbook: string;
  name: string;
  /** The measured value with its unit ("0.97 ratio (97%)"), or why there is none. */
  value: string;
  /** ISO time of the sample, or '' when there is none. */
  at: string;
}

export interface Hypothesis {
  cause: string;
  /** ContextItem ids that support it; ids not in the context are dropped. */
  evidence: string[];
  /** 0..1 */
  confidence: number;
}

export interface ProposalDraft {
  runbookId: string;
  /** Values for the runbook's `{{placeholders}}`, validated against the runbook. */
  params: Record<string, string>;
  hypothesis: string;
  evidence: string[];
  confidence: number;
}

export interface Analysis {
  source: 'model' | 'rules';
  hypotheses: Hypothesis[];
  /** At most three. Empty means the engine abstained. */
  proposals: ProposalDraft[];
  /** Why nothing was proposed (no runbook matched, the model failed…), shown to humans. */
  abstainReason?: string;
}
