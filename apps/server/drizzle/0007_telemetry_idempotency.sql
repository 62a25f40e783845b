CREATE TABLE "telemetry_idempotency_keys" (
	"community_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_sha256" text NOT NULL,
	"batch_id" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	CONSTRAINT "telemetry_idempotency_keys_community_id_key_pk" PRIMARY KEY("community_id","key")
);
--> statement-breakpoint
ALTER TABLE "telemetry_idempotency_keys" ADD CONSTRAINT "telemetry_idempotency_keys_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telemetry_idempotency_keys_created_at" ON "telemetry_idempotency_keys" USING btree ("created_at");