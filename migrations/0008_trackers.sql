CREATE TABLE "tracker_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracker" text NOT NULL,
	"delivery_id" text NOT NULL,
	"issue_id" text NOT NULL,
	"state" text NOT NULL,
	"payload" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "closed_via" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "message_ts" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_place" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_id" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_key" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_url" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_state" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_update_wanted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_error" text;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "tracker_polled_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "tracker_deliveries_key" ON "tracker_deliveries" USING btree ("tracker","delivery_id");--> statement-breakpoint
CREATE INDEX "tracker_deliveries_pending_idx" ON "tracker_deliveries" USING btree ("received_at") WHERE "tracker_deliveries"."processed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_tracker_key" ON "action_items" USING btree ("tracker","tracker_id");--> statement-breakpoint
CREATE INDEX "action_items_tracker_due_idx" ON "action_items" USING btree ("tracker_next_attempt_at") WHERE "action_items"."tracker" is not null and "action_items"."tracker_failed_at" is null;