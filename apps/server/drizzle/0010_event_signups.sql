CREATE TABLE "event_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"user_id" uuid,
	"role" text,
	"class" text,
	"status" text NOT NULL,
	"order_key" bigint NOT NULL,
	"signed_up_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_signups_event_user" ON "event_signups" USING btree ("event_id","discord_user_id");--> statement-breakpoint
CREATE INDEX "event_signups_event_order" ON "event_signups" USING btree ("event_id","order_key");