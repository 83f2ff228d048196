DROP INDEX "pages_incident_target_provider";--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "alert_source" text;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "recipient" text;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "provider_ref" text;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "oncall_state" text;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "oncall_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "oncall_slack_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "pages" ADD COLUMN "oncall_note" text;--> statement-breakpoint
CREATE UNIQUE INDEX "pages_incident_target_provider" ON "pages" USING btree ("incident_id","target","provider","round");