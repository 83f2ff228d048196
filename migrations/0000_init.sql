CREATE TABLE "alert_deliveries" (
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"group_key" text NOT NULL,
	"action" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"service" text,
	"description" text DEFAULT '' NOT NULL,
	"generator_url" text,
	"incident_id" uuid,
	"notify_ts" text,
	"claimed_until" timestamp with time zone,
	"error" text,
	"first_received_at" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"generator_url" text,
	"raw" jsonb,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period" text NOT NULL,
	"channel_id" text NOT NULL,
	"team" text,
	"claimed_at" timestamp with time zone NOT NULL,
	"posted_ts" text,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "digest_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" text NOT NULL,
	"team" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
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
	"source_url" text,
	"declared_from" text,
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
	"automation_stopped_at" timestamp with time zone,
	"automation_stopped_by" text,
	"auto_analyzed_at" timestamp with time zone,
	"ic_reminded_at" timestamp with time zone,
	"postmortem_reminded_at" timestamp with time zone,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"identified_at" timestamp with time zone,
	"mitigated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"description" text NOT NULL,
	"owner_id" text,
	"priority" text DEFAULT 'P1' NOT NULL,
	"due_on" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"validation" text,
	"origin" text NOT NULL,
	"source_key" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "postmortems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"markdown" text NOT NULL,
	"source" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"file_id" text,
	"summary_ts" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "remediation_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"proposal_id" uuid,
	"event" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remediation_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"runbook_id" text NOT NULL,
	"params" jsonb NOT NULL,
	"hypothesis" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"confidence" real NOT NULL,
	"source" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"channel_ts" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"approval_ms" integer,
	"auto_approved" text,
	"reason" text,
	"execution_status" text,
	"execution_detail" text,
	"executed_at" timestamp with time zone,
	"rollback_by" text,
	"rollback_at" timestamp with time zone,
	"rollback_status" text,
	"rollback_detail" text
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
ALTER TABLE "alert_groups" ADD CONSTRAINT "alert_groups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_group_id_alert_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."alert_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_audit" ADD CONSTRAINT "remediation_audit_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_audit" ADD CONSTRAINT "remediation_audit_proposal_id_remediation_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."remediation_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD CONSTRAINT "remediation_proposals_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_key" ON "alert_deliveries" USING btree ("source","delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_groups_open_key" ON "alert_groups" USING btree ("source","group_key") WHERE "alert_groups"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "alert_groups_pending_idx" ON "alert_groups" USING btree ("first_received_at") WHERE "alert_groups"."state" in ('pending', 'declaring');--> statement-breakpoint
CREATE INDEX "alert_groups_incident_idx" ON "alert_groups" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "alerts_group_idx" ON "alerts" USING btree ("group_id","received_at");--> statement-breakpoint
CREATE INDEX "alerts_unposted_resolved_idx" ON "alerts" USING btree ("received_at") WHERE "alerts"."status" = 'resolved' and "alerts"."posted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_runs_period_channel_key" ON "digest_runs" USING btree ("period","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_subscriptions_channel_key" ON "digest_subscriptions" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_channel_id_key" ON "incidents" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_declare_key_key" ON "incidents" USING btree ("declare_key");--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("declared_at") WHERE "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_next_update_idx" ON "incidents" USING btree ("next_update_at") WHERE "incidents"."next_update_at" is not null;--> statement-breakpoint
CREATE INDEX "incidents_unacknowledged_idx" ON "incidents" USING btree ("declared_at") WHERE "incidents"."acknowledged_at" is null and "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_declared_at_idx" ON "incidents" USING btree ("declared_at");--> statement-breakpoint
CREATE INDEX "incidents_acknowledged_at_idx" ON "incidents" USING btree ("acknowledged_at");--> statement-breakpoint
CREATE INDEX "incidents_mitigated_at_idx" ON "incidents" USING btree ("mitigated_at");--> statement-breakpoint
CREATE INDEX "incidents_resolved_at_idx" ON "incidents" USING btree ("resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_incident_seq_key" ON "action_items" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_source_key" ON "action_items" USING btree ("incident_id","source_key");--> statement-breakpoint
CREATE INDEX "action_items_open_due_idx" ON "action_items" USING btree ("due_on") WHERE "action_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX "action_items_closed_at_idx" ON "action_items" USING btree ("closed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortems_incident_version_key" ON "postmortems" USING btree ("incident_id","version");--> statement-breakpoint
CREATE INDEX "remediation_audit_incident_idx" ON "remediation_audit" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "remediation_audit_rolled_back_idx" ON "remediation_audit" USING btree ("proposal_id") WHERE "remediation_audit"."event" = 'rolled_back';--> statement-breakpoint
CREATE INDEX "remediation_proposals_incident_idx" ON "remediation_proposals" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "remediation_proposals_pending_idx" ON "remediation_proposals" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "remediation_proposals_created_at_idx" ON "remediation_proposals" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "remediation_proposals_executed_at_idx" ON "remediation_proposals" USING btree ("executed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "remediation_proposals_message_key" ON "remediation_proposals" USING btree ("channel_ts");--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_current_key" ON "role_assignments" USING btree ("incident_id","role") WHERE "role_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "role_assignments_user_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "status_updates_slot_key" ON "status_updates" USING btree ("slot_key");--> statement-breakpoint
CREATE INDEX "status_updates_incident_idx" ON "status_updates" USING btree ("incident_id","claimed_at");--> statement-breakpoint
CREATE INDEX "status_updates_posted_at_idx" ON "status_updates" USING btree ("posted_at");--> statement-breakpoint
CREATE INDEX "timeline_events_incident_at_idx" ON "timeline_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_events_dedupe_key" ON "timeline_events" USING btree ("incident_id","dedupe_key");