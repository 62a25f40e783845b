CREATE TABLE "event_reminder_deliveries" (
	"firing_id" bigint NOT NULL,
	"recipient" text NOT NULL,
	"outcome" text NOT NULL,
	"message_id" text,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_reminder_deliveries_firing_id_recipient_pk" PRIMARY KEY("firing_id","recipient")
);
--> statement-breakpoint
CREATE TABLE "event_firings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"offset_minutes" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"fired_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_sync_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"target" text NOT NULL,
	"event_version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "event_reminder_deliveries" ADD CONSTRAINT "event_reminder_deliveries_firing_id_event_firings_id_fk" FOREIGN KEY ("firing_id") REFERENCES "public"."event_firings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_firings" ADD CONSTRAINT "event_firings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_firings_one_pending" ON "event_firings" USING btree ("event_id","kind","offset_minutes") WHERE "event_firings"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "event_firings_due" ON "event_firings" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "event_firings_event" ON "event_firings" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_sync_outbox_one_pending" ON "event_sync_outbox" USING btree ("event_id","target") WHERE "event_sync_outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "event_sync_outbox_due" ON "event_sync_outbox" USING btree ("state","next_attempt_at");