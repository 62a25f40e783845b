CREATE TABLE "wow_recorders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"recorder_key" text NOT NULL,
	"client_id" text,
	"api_key_id" uuid,
	"source" text,
	"role" text,
	"recording" boolean,
	"last_recorded_at" timestamp with time zone,
	"last_synced_at" timestamp with time zone,
	"pending_messages" integer DEFAULT 0 NOT NULL,
	"pending_snapshots" integer DEFAULT 0 NOT NULL,
	"last_upload_at" timestamp with time zone NOT NULL,
	"uploads" integer DEFAULT 1 NOT NULL,
	"last_reasons" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wow_recorders" ADD CONSTRAINT "wow_recorders_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wow_recorders_key" ON "wow_recorders" USING btree ("community_id","recorder_key");