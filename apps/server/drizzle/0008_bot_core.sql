CREATE TABLE "bot_command_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" uuid,
	"guild_id" text,
	"channel_id" text,
	"user_id" text NOT NULL,
	"user_name" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"latency_ms" integer NOT NULL,
	"transport" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_guild_links" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"language" text,
	"linked_by" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_module_grants" (
	"community_id" uuid NOT NULL,
	"module" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_module_grants_community_id_module_subject_type_subject_id_pk" PRIMARY KEY("community_id","module","subject_type","subject_id")
);
--> statement-breakpoint
ALTER TABLE "bot_command_log" ADD CONSTRAINT "bot_command_log_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_guild_links" ADD CONSTRAINT "bot_guild_links_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_module_grants" ADD CONSTRAINT "bot_module_grants_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_command_log_community_at" ON "bot_command_log" USING btree ("community_id","at");--> statement-breakpoint
CREATE INDEX "bot_guild_links_community" ON "bot_guild_links" USING btree ("community_id");