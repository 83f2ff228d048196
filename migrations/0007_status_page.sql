CREATE TABLE "status_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"incident_id" uuid NOT NULL,
	"request_key" text NOT NULL,
	"name" text NOT NULL,
	"message" text NOT NULL,
	"phase" text NOT NULL,
	"components" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"channel_ts" text,
	"statuspage_state" text NOT NULL,
	"statuspage_attempts" integer DEFAULT 0 NOT NULL,
	"statuspage_error" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "statuspage_incident_id" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "statuspage_creating_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "status_publications" ADD CONSTRAINT "status_publications_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "status_publications_request_key" ON "status_publications" USING btree ("request_key");--> statement-breakpoint
CREATE INDEX "status_publications_incident_idx" ON "status_publications" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE INDEX "status_publications_published_at_idx" ON "status_publications" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "status_publications_undone_idx" ON "status_publications" USING btree ("published_at") WHERE "status_publications"."channel_ts" is null or "status_publications"."statuspage_state" = 'pending';