CREATE TABLE "slack_inbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"claimed_at" timestamp with time zone,
	"claimed_by" text,
	"last_error" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "slack_inbox_key" UNIQUE("key")
);
--> statement-breakpoint
CREATE INDEX "slack_inbox_pending_idx" ON "slack_inbox" USING btree ("received_at") WHERE "slack_inbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "slack_inbox_finished_idx" ON "slack_inbox" USING btree ("finished_at") WHERE "slack_inbox"."status" = 'done';