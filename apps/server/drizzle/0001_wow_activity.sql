CREATE TABLE "activity_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"member_id" uuid,
	"character_id" uuid,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_snapshots" (
	"community_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"online_count" integer NOT NULL,
	"online_member_ids" uuid[],
	CONSTRAINT "activity_snapshots_community_id_at_pk" PRIMARY KEY("community_id","at")
);
--> statement-breakpoint
CREATE TABLE "activity_chat_months" (
	"character_id" uuid NOT NULL,
	"month" date NOT NULL,
	"days" jsonb NOT NULL,
	CONSTRAINT "activity_chat_months_character_id_month_pk" PRIMARY KEY("character_id","month")
);
--> statement-breakpoint
CREATE TABLE "activity_presence" (
	"member_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"community_id" uuid NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "activity_presence_member_id_at_pk" PRIMARY KEY("member_id","at")
);
--> statement-breakpoint
CREATE TABLE "notify_alert_rules" (
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notify_alert_rules_community_id_kind_pk" PRIMARY KEY("community_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notify_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notify_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sealed_url" text NOT NULL,
	"masked_url" text NOT NULL,
	"kinds" text[],
	"enabled" boolean DEFAULT true NOT NULL,
	"broken_at" timestamp with time zone,
	"broken_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wow_best_runs" (
	"character_id" uuid NOT NULL,
	"season" text NOT NULL,
	"dungeon" text NOT NULL,
	"community_id" uuid NOT NULL,
	"dungeon_name" text NOT NULL,
	"level" integer NOT NULL,
	"clear_time_ms" integer NOT NULL,
	"par_time_ms" integer,
	"upgrades" integer NOT NULL,
	"score" real,
	"completed_at" timestamp with time zone NOT NULL,
	"url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wow_best_runs_character_id_season_dungeon_pk" PRIMARY KEY("character_id","season","dungeon")
);
--> statement-breakpoint
CREATE TABLE "wow_integration_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"guild_name" text,
	"guild_realm" text,
	"wcl_zone_id" integer,
	"current_zone_id" integer,
	"current_zone_name" text,
	"wcl_guild_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wow_parses" (
	"character_id" uuid NOT NULL,
	"zone_id" integer NOT NULL,
	"encounter_id" integer NOT NULL,
	"difficulty" text NOT NULL,
	"community_id" uuid NOT NULL,
	"encounter_name" text NOT NULL,
	"best_percent" real,
	"median_percent" real,
	"kills" integer NOT NULL,
	"spec" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wow_parses_character_id_zone_id_encounter_id_difficulty_pk" PRIMARY KEY("character_id","zone_id","encounter_id","difficulty")
);
--> statement-breakpoint
CREATE TABLE "wow_raid_progress" (
	"community_id" uuid NOT NULL,
	"zone_id" integer NOT NULL,
	"encounter_id" integer NOT NULL,
	"difficulty" text NOT NULL,
	"zone_name" text NOT NULL,
	"encounter_name" text NOT NULL,
	"position" integer NOT NULL,
	"killed" boolean DEFAULT false NOT NULL,
	"first_kill_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wow_raid_progress_community_id_zone_id_encounter_id_difficulty_pk" PRIMARY KEY("community_id","zone_id","encounter_id","difficulty")
);
--> statement-breakpoint
CREATE TABLE "wow_wcl_attendance" (
	"community_id" uuid NOT NULL,
	"report_code" text NOT NULL,
	"name_key" text NOT NULL,
	"name" text NOT NULL,
	"class" text,
	"presence" integer NOT NULL,
	"character_id" uuid,
	"member_id" uuid,
	"start_time" timestamp with time zone NOT NULL,
	CONSTRAINT "wow_wcl_attendance_community_id_report_code_name_key_pk" PRIMARY KEY("community_id","report_code","name_key")
);
--> statement-breakpoint
CREATE TABLE "wow_wcl_reports" (
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"zone_id" integer,
	"zone_name" text,
	CONSTRAINT "wow_wcl_reports_community_id_code_pk" PRIMARY KEY("community_id","code")
);
--> statement-breakpoint
CREATE TABLE "character_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"character_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"score" real NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legacy_upload_sessions" (
	"community_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"seen_keys" text[] NOT NULL,
	"batches" integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legacy_upload_sessions_community_id_session_id_pk" PRIMARY KEY("community_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"kind" text NOT NULL,
	"source" text,
	"api_key_id" uuid,
	"roster_at" timestamp with time zone,
	"summary" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "characters" ALTER COLUMN "last_seen_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "characters" ALTER COLUMN "last_seen_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ALTER COLUMN "last_seen_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "members" ALTER COLUMN "last_seen_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "spec" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "role" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "item_level" real;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "avatar_url" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "render_url" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "best_parse" real;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "external_status" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "online" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "message_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "last_message" text;--> statement-breakpoint
ALTER TABLE "characters" ADD COLUMN "chat_digest" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "missing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_snapshots" ADD CONSTRAINT "activity_snapshots_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_chat_months" ADD CONSTRAINT "activity_chat_months_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_presence" ADD CONSTRAINT "activity_presence_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_presence" ADD CONSTRAINT "activity_presence_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_alert_rules" ADD CONSTRAINT "notify_alert_rules_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_outbox" ADD CONSTRAINT "notify_outbox_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_outbox" ADD CONSTRAINT "notify_outbox_webhook_id_notify_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."notify_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify_webhooks" ADD CONSTRAINT "notify_webhooks_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_best_runs" ADD CONSTRAINT "wow_best_runs_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_best_runs" ADD CONSTRAINT "wow_best_runs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_integration_settings" ADD CONSTRAINT "wow_integration_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_parses" ADD CONSTRAINT "wow_parses_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_parses" ADD CONSTRAINT "wow_parses_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_raid_progress" ADD CONSTRAINT "wow_raid_progress_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_wcl_attendance" ADD CONSTRAINT "wow_wcl_attendance_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_wcl_attendance" ADD CONSTRAINT "wow_wcl_attendance_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_wcl_attendance" ADD CONSTRAINT "wow_wcl_attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wow_wcl_reports" ADD CONSTRAINT "wow_wcl_reports_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "character_scores" ADD CONSTRAINT "character_scores_character_id_characters_id_fk" FOREIGN KEY ("character_id") REFERENCES "public"."characters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "character_scores" ADD CONSTRAINT "character_scores_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legacy_upload_sessions" ADD CONSTRAINT "legacy_upload_sessions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_events_community_at" ON "activity_events" USING btree ("community_id","at");--> statement-breakpoint
CREATE INDEX "activity_events_member" ON "activity_events" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "activity_presence_at" ON "activity_presence" USING btree ("community_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "notify_outbox_dedupe" ON "notify_outbox" USING btree ("webhook_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notify_outbox_due" ON "notify_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notify_webhooks_community" ON "notify_webhooks" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "wow_parses_community" ON "wow_parses" USING btree ("community_id","zone_id");--> statement-breakpoint
CREATE INDEX "wow_wcl_attendance_member" ON "wow_wcl_attendance" USING btree ("member_id","start_time");--> statement-breakpoint
CREATE INDEX "wow_wcl_reports_start" ON "wow_wcl_reports" USING btree ("community_id","start_time");--> statement-breakpoint
CREATE INDEX "character_scores_latest" ON "character_scores" USING btree ("character_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uploads_community_sha256" ON "uploads" USING btree ("community_id","sha256");--> statement-breakpoint
CREATE INDEX "uploads_community_received" ON "uploads" USING btree ("community_id","received_at");