CREATE TABLE "pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"target" text NOT NULL,
	"provider" text NOT NULL,
	"dedup_key" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"wanted" text DEFAULT 'trigger' NOT NULL,
	"severity" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"failed_at" timestamp with time zone,
	"requested_by" text,
	"requested_at" timestamp with time zone NOT NULL,
	"triggered_at" timestamp with time zone,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "paging_messages" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"ts" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paging_messages" ADD CONSTRAINT "paging_messages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pages_incident_target_provider" ON "pages" USING btree ("incident_id","target","provider");--> statement-breakpoint
CREATE INDEX "pages_due_idx" ON "pages" USING btree ("next_attempt_at") WHERE "pages"."failed_at" is null and "pages"."state" not in ('resolved', 'cancelled');