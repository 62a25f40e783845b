CREATE TABLE "notify_ops_alert_state" (
	"subject" text PRIMARY KEY NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify_ops_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"sealed_webhook_url" text,
	"masked_webhook_url" text,
	"bot_log_channel_id" text,
	"language" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notify_outbox" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notify_outbox" ALTER COLUMN "webhook_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notify_outbox" ADD COLUMN "destination" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notify_outbox_ops_dedupe" ON "notify_outbox" USING btree ("destination","dedupe_key") WHERE "notify_outbox"."webhook_id" is null;