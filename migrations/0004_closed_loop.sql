CREATE TABLE "remediation_watches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"runbook_id" text NOT NULL,
	"query" text NOT NULL,
	"op" text NOT NULL,
	"threshold" double precision NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"before_value" double precision,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"hold_ms" integer NOT NULL,
	"healthy_since" timestamp with time zone,
	"last_value" double precision,
	"last_at" timestamp with time zone,
	"last_error" text,
	"status" text DEFAULT 'watching' NOT NULL,
	"cause" text,
	"ended_at" timestamp with time zone,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runbook_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"runbook_id" text NOT NULL,
	"proposal_id" uuid,
	"suspended_at" timestamp with time zone NOT NULL,
	"cause" text NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" text,
	"lifted_reason" text
);
--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD COLUMN "readings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "remediation_watches" ADD CONSTRAINT "remediation_watches_proposal_id_remediation_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."remediation_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_watches" ADD CONSTRAINT "remediation_watches_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runbook_suspensions" ADD CONSTRAINT "runbook_suspensions_proposal_id_remediation_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."remediation_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_watches_proposal_key" ON "remediation_watches" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "remediation_watches_watching_idx" ON "remediation_watches" USING btree ("lease_until") WHERE "remediation_watches"."status" = 'watching';--> statement-breakpoint
CREATE UNIQUE INDEX "runbook_suspensions_open_key" ON "runbook_suspensions" USING btree ("runbook_id") WHERE "runbook_suspensions"."lifted_at" is null;