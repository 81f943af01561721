CREATE TABLE "catch_up_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"events_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "source" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
-- Event types we do not act on are no longer recorded (lib/billing/webhooks.ts).
DELETE FROM "webhook_events" WHERE "outcome" = 'ignored';
