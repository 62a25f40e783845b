CREATE TABLE "catalogue_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"item_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"layout" text DEFAULT '' NOT NULL,
	"length_km" double precision,
	"image_url" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_reminder_deliveries" (
	"firing_id" bigint NOT NULL,
	"recipient" text NOT NULL,
	"outcome" text NOT NULL,
	"message_id" text,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_reminder_deliveries_firing_id_recipient_pk" PRIMARY KEY("firing_id","recipient")
);
--> statement-breakpoint
CREATE TABLE "championship_events" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"championship_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "championship_standings" (
	"championship_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"position" integer NOT NULL,
	"points" integer NOT NULL,
	"dropped_points" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"finishes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rounds" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "championship_standings_championship_id_discord_user_id_pk" PRIMARY KEY("championship_id","discord_user_id")
);
--> statement-breakpoint
CREATE TABLE "championships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"season" text NOT NULL,
	"points_system" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_results" (
	"event_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"status" text NOT NULL,
	"position" integer,
	"laps" integer,
	"total_time_ms" integer,
	"best_lap_ms" integer,
	"fastest_lap" boolean DEFAULT false NOT NULL,
	"penalty_ms" integer DEFAULT 0 NOT NULL,
	"penalty_points" integer DEFAULT 0 NOT NULL,
	"classified_position" integer,
	"points" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_results_event_id_discord_user_id_pk" PRIMARY KEY("event_id","discord_user_id")
);
--> statement-breakpoint
CREATE TABLE "event_firings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"offset_minutes" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"fired_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_sync_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"target" text NOT NULL,
	"event_version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_configs" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"staff_role_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"category_name" text DEFAULT 'Tickets' NOT NULL,
	"log_channel_id" text,
	"next_number" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_transcripts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"closed_by" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_count" integer NOT NULL,
	"text" text NOT NULL,
	"log_message_id" text
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"guild_id" text NOT NULL,
	"number" integer NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"channel_id" text,
	"opened_by" text NOT NULL,
	"opened_by_name" text NOT NULL,
	"claimed_by" text,
	"claimed_by_name" text,
	"claimed_at" timestamp with time zone,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"reopened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wizard_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"community_id" uuid NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"step" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"record_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_lists" ADD CONSTRAINT "catalogue_lists_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_tracks" ADD CONSTRAINT "catalogue_tracks_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_vehicles" ADD CONSTRAINT "catalogue_vehicles_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reminder_deliveries" ADD CONSTRAINT "event_reminder_deliveries_firing_id_event_firings_id_fk" FOREIGN KEY ("firing_id") REFERENCES "public"."event_firings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championship_events" ADD CONSTRAINT "championship_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championship_events" ADD CONSTRAINT "championship_events_championship_id_championships_id_fk" FOREIGN KEY ("championship_id") REFERENCES "public"."championships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championship_standings" ADD CONSTRAINT "championship_standings_championship_id_championships_id_fk" FOREIGN KEY ("championship_id") REFERENCES "public"."championships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championships" ADD CONSTRAINT "championships_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_results" ADD CONSTRAINT "event_results_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_firings" ADD CONSTRAINT "event_firings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_configs" ADD CONSTRAINT "ticket_configs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_transcripts" ADD CONSTRAINT "ticket_transcripts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wizard_sessions" ADD CONSTRAINT "wizard_sessions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_lists_name" ON "catalogue_lists" USING btree ("community_id","kind",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_tracks_name" ON "catalogue_tracks" USING btree ("community_id",lower("name"),lower("layout"));--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_vehicles_name" ON "catalogue_vehicles" USING btree ("community_id",lower("name"));--> statement-breakpoint
CREATE INDEX "championship_events_championship" ON "championship_events" USING btree ("championship_id");--> statement-breakpoint
CREATE UNIQUE INDEX "championships_community_name" ON "championships" USING btree ("community_id",lower("name"),"season");--> statement-breakpoint
CREATE UNIQUE INDEX "event_firings_one_pending" ON "event_firings" USING btree ("event_id","kind","offset_minutes") WHERE "event_firings"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "event_firings_due" ON "event_firings" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "event_firings_event" ON "event_firings" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_sync_outbox_one_pending" ON "event_sync_outbox" USING btree ("event_id","target") WHERE "event_sync_outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "event_sync_outbox_due" ON "event_sync_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "ticket_transcripts_ticket" ON "ticket_transcripts" USING btree ("ticket_id","closed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_community_number" ON "tickets" USING btree ("community_id","number");--> statement-breakpoint
CREATE INDEX "tickets_community_status" ON "tickets" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "tickets_channel" ON "tickets" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wizard_sessions_key" ON "wizard_sessions" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "wizard_sessions_owner" ON "wizard_sessions" USING btree ("community_id","owner_id");--> statement-breakpoint
CREATE INDEX "wizard_sessions_expires" ON "wizard_sessions" USING btree ("expires_at");