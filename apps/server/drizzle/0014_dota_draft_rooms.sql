CREATE TABLE "dota_draft_rooms" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dota_draft_rooms" ADD CONSTRAINT "dota_draft_rooms_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dota_draft_rooms_community_idx" ON "dota_draft_rooms" USING btree ("community_id","created_at");