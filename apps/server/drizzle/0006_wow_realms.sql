CREATE TABLE "wow_realms" (
	"region" text NOT NULL,
	"id" integer NOT NULL,
	"slug" text NOT NULL,
	"connected_realm_id" integer,
	"names" jsonb NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wow_realms_region_id_pk" PRIMARY KEY("region","id")
);
