/**
 * The weekly digest over a long history: 100,000 incidents across two years (≈ 960 a week), 1,000,000
 * timeline events, and proposals, audit rows, status updates, postmortems and action items in
 * proportion, seeded with INSERT … SELECT generate_series into a scratch PostgreSQL database (never
 * the server's own). After ANALYZE, `loadDigest` is timed for the whole organisation and for one
 * team, and each of its statements alone, to show where the time goes. Needs DATABASE_URL.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Db, openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { loadActionItemFigures } from '../src/db/queries/action-item-figures.js';
import { loadCommunicationFigures } from '../src/db/queries/communication-figures.js';
import { type DigestQuery, loadDigest } from '../src/db/queries/digest-facts.js';
import { loadIncidentFigures } from '../src/db/queries/incident-figures.js';
import { loadOpenIncidents } from '../src/db/queries/open-incidents.js';
import { loadPostmortemFigures } from '../src/db/queries/postmortem-figures.js';
import { loadProposalFigures } from '../src/db/queries/proposal-figures.js';
import { loadRemediationOutcomes } from '../src/db/queries/remediation-outcomes.js';
import { loadTopFigures } from '../src/db/queries/top-figures.js';
import { createScratchDatabase } from '../src/db/scratch-database.js';
import { createLogger } from '../src/observability/logger.js';
import { type Summary, summarize } from './stats.js';

export const INCIDENTS = 100_000;
export const EVENTS_PER_INCIDENT = 10;
const WARMUP = 3;
const RUNS = 30;
/** The Monday the digest reports up to; incidents go back from here, about one every 10.5 minutes. */
const T0 = '2026-11-23T00:00:00Z';
const SPACING_SECONDS = 630;

export interface DigestBenchResult {
  database: string;
  rows: Record<string, number>;
  seedSeconds: number;
  /** `loadDigest` for everyone, and for a team owning 3 of the 20 services. */
  organisation: Summary;
  team: Summary;
  /** Each statement alone (organisation), p50 and p99 in ms. */
  statements: Record<string, Summary>;
}

/** Incidents newest first (g = 1 was declared just before T0); the 60 newest are still open. */
export const SEED: string[] = [
  `insert into incidents (title, severity, status, services, is_private, is_drill, resolution, declared_by,
     declare_state, channel_id, declared_at, acknowledged_at, mitigated_at, resolved_at)
   select 'Bench incident ' || g, (array[0,1,1,2,2,2,3,3,3,3])[1 + g % 10],
     case when g <= 60 then 'investigating' else 'resolved' end,
     case when g % 3 = 0 then jsonb_build_array('svc-' || g % 20, 'svc-' || (g * 7 + 3) % 20)
          else jsonb_build_array('svc-' || g % 20) end,
     g % 17 = 0, g % 50 = 0,
     case when g <= 60 then null when g % 20 = 0 then 'false_alarm' else 'fixed' end,
     'UBENCH', 'complete', 'CBENCH' || g, d,
     case when g % 25 = 0 then null else d + (1 + g % 20) * interval '1 minute' end,
     case when g <= 60 then null else d + (10 + g % 120) * interval '1 minute' end,
     case when g <= 60 then null else d + (130 + g % 600) * interval '1 minute' end
   from generate_series(1, ${INCIDENTS}) g,
     lateral (select '${T0}'::timestamptz - g * interval '${SPACING_SECONDS} seconds' as d) t`,
  // Ten events each; every fifth incident's third event raises its severity (data {from, to}).
  `insert into timeline_events (incident_id, kind, actor_type, at, text, data)
   select i.id, case when k = 3 and i.number % 5 = 0 then 'severity_changed' when k = 9 then 'status_changed'
                     else 'message' end,
     'human', i.declared_at + k * interval '3 minutes', 'event ' || k,
     case when k = 3 and i.number % 5 = 0 then jsonb_build_object('from', least(i.severity + 1, 3), 'to', i.severity)
          else '{}'::jsonb end
   from incidents i cross join generate_series(1, ${EVENTS_PER_INCIDENT}) k`,
  // 3 of 5 incidents get a proposal (some a second one), every tenth a shadow one.
  `insert into remediation_proposals (incident_id, runbook_id, params, hypothesis, confidence, source, mode, status,
     created_at, expires_at, decided_at, approval_ms, auto_approved, executed_at)
   select i.id, (array['restart-service','flush-cache','rollback-deploy','clear-old-logs','scale-up'])[1 + (i.number + k) % 5],
     '{}'::jsonb, 'bench', 0.9, 'rules', m, s, c, c + interval '30 minutes',
     case when a is null then null else c + a * interval '1 millisecond' end, a,
     case when s in ('executed', 'failed') and i.number % 9 = 0 then 'policy' end,
     case when s in ('executed', 'failed') then c + a * interval '1 millisecond' + interval '30 seconds' end
   from incidents i cross join generate_series(1, 2) k,
     lateral (select i.declared_at + (4 + k) * interval '1 minute' as c,
       case when i.number % 10 = 0 and k = 2 then 'shadow' else 'propose' end as m) p,
     lateral (select case when m = 'shadow' then 'expired'
       else (array['executed','executed','executed','executed','rejected','rejected','expired','expired','stopped','failed'])[1 + (i.number * 3 + k) % 10] end as s) st,
     lateral (select case when s in ('executed', 'failed', 'stopped') then 3000 + (i.number * 37) % 60000 end as a) ap
   where (k = 1 and i.number % 5 < 3) or (k = 2 and (i.number % 7 = 0 or i.number % 10 = 0))`,
  `insert into remediation_audit (incident_id, proposal_id, event, at)
   select p.incident_id, p.id, e, p.created_at from remediation_proposals p
     cross join unnest(array['proposed', p.status]) e`,
  `insert into remediation_audit (incident_id, proposal_id, event, at)
   select p.incident_id, p.id, 'rolled_back', p.executed_at + interval '5 minutes' from remediation_proposals p
   where p.status = 'executed' and abs(hashtext(p.id::text)) % 100 = 0`,
  `insert into status_updates (incident_id, slot_key, source, due_at, claimed_at, posted_at, on_time, text)
   select i.id, i.id || ':' || k, 'manual', due, due, due + ((i.number + k) % 6 - 4) * interval '1 minute',
     (i.number + k) % 6 <= 4, 'update'
   from incidents i cross join generate_series(1, 3) k, lateral (select i.declared_at + k * interval '15 minutes' as due) t`,
  `insert into postmortems (incident_id, version, markdown, source, created_at, published_at)
   select i.id, 1, '# pm', 'deterministic', i.resolved_at + interval '1 day',
     case when i.number % 7 <> 0 then i.resolved_at + interval '3 days' end
   from incidents i where i.resolved_at is not null and i.number % 5 <> 0`,
  `insert into action_items (incident_id, seq, type, description, due_on, status, origin, created_at, closed_at)
   select i.id, k, 'prevent', 'bench', i.declared_at + interval '10 days',
     case when (i.number + k) % 10 < 7 then 'done' else 'open' end, 'command', i.declared_at + interval '1 day',
     case when (i.number + k) % 10 < 7 then i.declared_at + interval '8 days' end
   from incidents i cross join generate_series(1, 2) k where i.number % 2 = 0`,
  'analyze',
];

const TABLES = [
  'incidents',
  'timeline_events',
  'remediation_proposals',
  'remediation_audit',
  'status_updates',
  'postmortems',
  'action_items',
];

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<Summary> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

async function seed(db: Db): Promise<{ rows: Record<string, number>; seconds: number }> {
  const started = performance.now();
  for (const statement of SEED) await db.execute(sql.raw(statement));
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    rows[table] = (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
  }
  return { rows, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/** Seeds the history into a scratch database and times the digest of the week before T0. */
export async function measureDigest(serverUrl = process.env.DATABASE_URL): Promise<DigestBenchResult> {
  if (!serverUrl)
    throw new Error('the digest bench needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  const scratch = await createScratchDatabase(serverUrl, 'firebreak_bench_digest');
  const database = await openDatabase({ url: scratch.url, dataDir: '', logger: createLogger('silent') });
  try {
    await migrate(database);
    const { rows, seconds } = await seed(database.db);
    const to = new Date(T0);
    const q: DigestQuery = {
      prevFrom: new Date(to.getTime() - 14 * 86_400_000),
      from: new Date(to.getTime() - 7 * 86_400_000),
      to,
      now: new Date(to.getTime() + 9 * 3_600_000),
      timeZone: 'Europe/Paris',
    };
    const db = database.db;
    const statements: Record<string, Summary> = {};
    const loaders = {
      incidentFigures: loadIncidentFigures,
      topFigures: loadTopFigures,
      proposalFigures: loadProposalFigures,
      remediationOutcomes: loadRemediationOutcomes,
      communicationFigures: loadCommunicationFigures,
      postmortemFigures: loadPostmortemFigures,
      actionItemFigures: loadActionItemFigures,
      openIncidents: loadOpenIncidents,
    };
    for (const [name, load] of Object.entries(loaders)) statements[name] = await time(() => load(db, q), 10);
    return {
      database: `PostgreSQL, scratch database ${scratch.name}`,
      rows,
      seedSeconds: seconds,
      organisation: await time(() => loadDigest(db, q)),
      team: await time(() => loadDigest(db, { ...q, teamServices: ['svc-1', 'svc-2', 'svc-3'] })),
      statements,
    };
  } finally {
    await database.close();
    await scratch.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureDigest(), null, 2));
}
