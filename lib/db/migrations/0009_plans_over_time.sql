ALTER TABLE "customers" ADD COLUMN "has_default_payment_method" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "schedule_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "pending_price_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "pending_price_lookup_key" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "pending_product_name" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "pending_change_at" timestamp with time zone;