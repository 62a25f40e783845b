CREATE TABLE "activity_snapshot_days" (
	"community_id" uuid NOT NULL,
	"day" integer NOT NULL,
	"digest" text NOT NULL,
	CONSTRAINT "activity_snapshot_days_community_id_day_pk" PRIMARY KEY("community_id","day")
);
--> statement-breakpoint
ALTER TABLE "activity_snapshot_days" ADD CONSTRAINT "activity_snapshot_days_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;