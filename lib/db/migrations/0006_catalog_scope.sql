ALTER TABLE "billing_catalog" ADD COLUMN "stripe_account" text;--> statement-breakpoint
ALTER TABLE "billing_catalog" ADD COLUMN "stripe_mode" text;