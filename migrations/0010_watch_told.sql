ALTER TABLE "remediation_watches" ADD COLUMN "told_at" timestamp with time zone;--> statement-breakpoint
-- Endings from before this column were told (or are history): only new ones are looked after.
UPDATE "remediation_watches" SET "told_at" = "ended_at" WHERE "ended_at" IS NOT NULL;
