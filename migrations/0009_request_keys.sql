ALTER TABLE "action_items" ADD COLUMN "request_key" text;--> statement-breakpoint
ALTER TABLE "postmortems" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_request_key" ON "action_items" USING btree ("request_key");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortems_request_key" ON "postmortems" USING btree ("request_key");--> statement-breakpoint
CREATE INDEX "reminders_done" ON "reminders" USING btree ("done_at") WHERE "reminders"."done_at" is not null;