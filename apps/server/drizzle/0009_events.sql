CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"duration_minutes" integer DEFAULT 120 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"capacity" integer NOT NULL,
	"caps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"registration_opens_at" timestamp with time zone,
	"registration_closes_at" timestamp with time zone,
	"publish_at" timestamp with time zone,
	"reminder_offsets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"racing" jsonb,
	"channel_id" text,
	"message_id" text,
	"discord_scheduled_event_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "events_community_title" ON "events" USING btree ("community_id",lower("title"));--> statement-breakpoint
CREATE INDEX "events_community_starts" ON "events" USING btree ("community_id","starts_at");