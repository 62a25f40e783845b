CREATE TABLE "dota_api_usage" (
	"key" text PRIMARY KEY NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"exhausted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dota_heroes" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"localized_name" text NOT NULL,
	"primary_attr" text NOT NULL,
	"attack_type" text NOT NULL,
	"roles" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dota_ingest_state" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"filter" text NOT NULL,
	"newest_match_id" bigint,
	"oldest_match_id" bigint,
	"pending_top" bigint,
	"pending_cursor" bigint,
	"backfill_done" boolean DEFAULT false NOT NULL,
	"explorer_refused" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dota_player_cursors" (
	"community_id" uuid NOT NULL,
	"account_id" bigint NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"newest_match_id" bigint,
	CONSTRAINT "dota_player_cursors_community_id_account_id_pk" PRIMARY KEY("community_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "dota_player_matches" (
	"community_id" uuid NOT NULL,
	"account_id" bigint NOT NULL,
	"match_id" bigint NOT NULL,
	"hero_id" smallint NOT NULL,
	"is_radiant" boolean NOT NULL,
	"radiant_win" boolean NOT NULL,
	"start_time" bigint NOT NULL,
	"duration" integer NOT NULL,
	"patch" smallint NOT NULL,
	"radiant" smallint[],
	"dire" smallint[],
	"draft_missing" boolean DEFAULT false NOT NULL,
	CONSTRAINT "dota_player_matches_community_id_account_id_match_id_pk" PRIMARY KEY("community_id","account_id","match_id")
);
--> statement-breakpoint
ALTER TABLE "dota_ingest_state" ADD CONSTRAINT "dota_ingest_state_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dota_player_cursors" ADD CONSTRAINT "dota_player_cursors_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dota_player_matches" ADD CONSTRAINT "dota_player_matches_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dota_player_matches_recent" ON "dota_player_matches" USING btree ("community_id","account_id","start_time");