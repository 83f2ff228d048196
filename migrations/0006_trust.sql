CREATE TABLE "trust_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"user_id" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"dm_channel" text,
	"message_ts" text,
	"sent_at" timestamp with time zone,
	"score" integer,
	"answered_at" timestamp with time zone,
	"comment" text,
	"commented_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD COLUMN "auto_approve_held" jsonb;--> statement-breakpoint
ALTER TABLE "remediation_proposals" ADD COLUMN "rollback_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "trust_surveys_month_user_key" ON "trust_surveys" USING btree ("month","user_id");--> statement-breakpoint
CREATE INDEX "trust_surveys_sent_at_idx" ON "trust_surveys" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "remediation_audit_decided_idx" ON "remediation_audit" USING btree ("at") WHERE "remediation_audit"."event" in ('approved', 'rejected', 'stopped') and "remediation_audit"."actor_id" is not null;--> statement-breakpoint
CREATE INDEX "remediation_proposals_rollback_unsent_idx" ON "remediation_proposals" USING btree ("rollback_lease_until") WHERE "remediation_proposals"."rollback_at" is not null and "remediation_proposals"."rollback_status" is null;