CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" serial NOT NULL,
	"title" text NOT NULL,
	"severity" integer NOT NULL,
	"status" text DEFAULT 'investigating' NOT NULL,
	"impact" text,
	"description" text,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"is_drill" boolean DEFAULT false NOT NULL,
	"resolution" text,
	"summary" text,
	"declared_by" text NOT NULL,
	"origin_channel_id" text,
	"declare_key" text,
	"declare_state" text DEFAULT 'pending' NOT NULL,
	"declare_error" text,
	"declaring_until" timestamp with time zone,
	"channel_id" text,
	"channel_name" text,
	"status_message_ts" text,
	"broadcast_ts" text,
	"next_update_at" timestamp with time zone,
	"update_reminder_for" timestamp with time zone,
	"last_update_missed" boolean DEFAULT false NOT NULL,
	"last_update_at" timestamp with time zone,
	"ic_reminded_at" timestamp with time zone,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"identified_at" timestamp with time zone,
	"mitigated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"actor_type" text DEFAULT 'human' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"text" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message_ts" text,
	"dedupe_key" text
);
--> statement-breakpoint
CREATE TABLE "status_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"slot_key" text NOT NULL,
	"source" text NOT NULL,
	"posted_by" text,
	"due_at" timestamp with time zone,
	"claimed_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone,
	"on_time" boolean,
	"text" text NOT NULL,
	"customer_text" text,
	"channel_ts" text,
	"broadcast_ts" text
);
--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_channel_id_key" ON "incidents" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_declare_key_key" ON "incidents" USING btree ("declare_key");--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("declared_at") WHERE "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_next_update_idx" ON "incidents" USING btree ("next_update_at") WHERE "incidents"."next_update_at" is not null;--> statement-breakpoint
CREATE INDEX "incidents_unacknowledged_idx" ON "incidents" USING btree ("declared_at") WHERE "incidents"."acknowledged_at" is null and "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_current_key" ON "role_assignments" USING btree ("incident_id","role") WHERE "role_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "role_assignments_user_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "timeline_events_incident_at_idx" ON "timeline_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_events_dedupe_key" ON "timeline_events" USING btree ("incident_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "status_updates_slot_key" ON "status_updates" USING btree ("slot_key");--> statement-breakpoint
CREATE INDEX "status_updates_incident_idx" ON "status_updates" USING btree ("incident_id","claimed_at");