CREATE TABLE "osrs_activity_threads" (
	"community_id" uuid NOT NULL,
	"thread_id" text NOT NULL,
	"parent_channel_id" text NOT NULL,
	"owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "osrs_activity_threads_community_id_thread_id_pk" PRIMARY KEY("community_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "osrs_discord_names" (
	"community_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"name" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "osrs_discord_names_community_id_discord_user_id_pk" PRIMARY KEY("community_id","discord_user_id")
);
--> statement-breakpoint
ALTER TABLE "osrs_activity_threads" ADD CONSTRAINT "osrs_activity_threads_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_discord_names" ADD CONSTRAINT "osrs_discord_names_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;