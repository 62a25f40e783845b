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
ALTER TABLE "championship_events" ADD CONSTRAINT "championship_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championship_events" ADD CONSTRAINT "championship_events_championship_id_championships_id_fk" FOREIGN KEY ("championship_id") REFERENCES "public"."championships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championship_standings" ADD CONSTRAINT "championship_standings_championship_id_championships_id_fk" FOREIGN KEY ("championship_id") REFERENCES "public"."championships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "championships" ADD CONSTRAINT "championships_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_results" ADD CONSTRAINT "event_results_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_configs" ADD CONSTRAINT "ticket_configs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_transcripts" ADD CONSTRAINT "ticket_transcripts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "championship_events_championship" ON "championship_events" USING btree ("championship_id");--> statement-breakpoint
CREATE UNIQUE INDEX "championships_community_name" ON "championships" USING btree ("community_id",lower("name"),"season");--> statement-breakpoint
CREATE INDEX "ticket_transcripts_ticket" ON "ticket_transcripts" USING btree ("ticket_id","closed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_community_number" ON "tickets" USING btree ("community_id","number");--> statement-breakpoint
CREATE INDEX "tickets_community_status" ON "tickets" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "tickets_channel" ON "tickets" USING btree ("channel_id");