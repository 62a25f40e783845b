CREATE TABLE "osrs_activity_channels" (
	"community_id" uuid NOT NULL,
	"channel_id" text NOT NULL,
	"kind" text DEFAULT 'count' NOT NULL,
	"backfilled_at" timestamp with time zone,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "osrs_activity_channels_community_id_channel_id_pk" PRIMARY KEY("community_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "osrs_discord_activity" (
	"community_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"day" date NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"questions" integer DEFAULT 0 NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "osrs_discord_activity_community_id_discord_user_id_channel_id_day_pk" PRIMARY KEY("community_id","discord_user_id","channel_id","day")
);
--> statement-breakpoint
CREATE TABLE "osrs_discord_hours" (
	"community_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "osrs_discord_hours_community_id_hour_pk" PRIMARY KEY("community_id","hour")
);
--> statement-breakpoint
CREATE TABLE "osrs_discord_links" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"source" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "osrs_activity_channels" ADD CONSTRAINT "osrs_activity_channels_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_discord_activity" ADD CONSTRAINT "osrs_discord_activity_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_discord_hours" ADD CONSTRAINT "osrs_discord_hours_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_discord_links" ADD CONSTRAINT "osrs_discord_links_member_id_osrs_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."osrs_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_discord_links" ADD CONSTRAINT "osrs_discord_links_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "osrs_discord_activity_day" ON "osrs_discord_activity" USING btree ("community_id","day");--> statement-breakpoint
CREATE INDEX "osrs_discord_links_user" ON "osrs_discord_links" USING btree ("community_id","discord_user_id");