CREATE TABLE "osrs_gains" (
	"member_id" uuid NOT NULL,
	"days" integer NOT NULL,
	"from_at" timestamp with time zone,
	"to_at" timestamp with time zone,
	"xp" double precision NOT NULL,
	"ehp" double precision NOT NULL,
	"ehb" double precision NOT NULL,
	"boss_kills" double precision NOT NULL,
	"metrics" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "osrs_gains_member_id_days_pk" PRIMARY KEY("member_id","days")
);
--> statement-breakpoint
CREATE TABLE "osrs_harvests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"group_id" integer NOT NULL,
	"calls" integer NOT NULL,
	"members" integer NOT NULL,
	"joined" integer NOT NULL,
	"left" integer NOT NULL,
	"renamed" integer NOT NULL,
	"snapshots" integer NOT NULL,
	"unknown_metrics" text[] DEFAULT '{}'::text[] NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osrs_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"wom_id" integer NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "osrs_snapshots" (
	"member_id" uuid NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"values" jsonb NOT NULL,
	CONSTRAINT "osrs_snapshots_member_id_taken_at_pk" PRIMARY KEY("member_id","taken_at")
);
--> statement-breakpoint
ALTER TABLE "osrs_gains" ADD CONSTRAINT "osrs_gains_member_id_osrs_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."osrs_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_harvests" ADD CONSTRAINT "osrs_harvests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_members" ADD CONSTRAINT "osrs_members_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "osrs_snapshots" ADD CONSTRAINT "osrs_snapshots_member_id_osrs_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."osrs_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "osrs_harvests_community" ON "osrs_harvests" USING btree ("community_id","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "osrs_members_wom_id" ON "osrs_members" USING btree ("community_id","wom_id");