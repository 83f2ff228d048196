CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"target" text NOT NULL,
	"subject" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"not_before" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"unsure" boolean DEFAULT false NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	"ts" text
);
--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD COLUMN "executing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD COLUMN "resends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_key" ON "reminders" USING btree ("key");--> statement-breakpoint
CREATE INDEX "reminders_pending" ON "reminders" USING btree ("created_at") WHERE "reminders"."done_at" is null;--> statement-breakpoint
CREATE INDEX "remediation_proposals_executing_idx" ON "remediation_proposals" USING btree ("executing_since") WHERE "remediation_proposals"."status" = 'executing';