-- Snapshots go with their community as the dropped key's cascade made them (see activity.tables.ts).
ALTER TABLE "activity_snapshots" DROP CONSTRAINT "activity_snapshots_community_id_communities_id_fk";--> statement-breakpoint
CREATE FUNCTION "activity_snapshots_follow_community"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "activity_snapshots" WHERE "community_id" = OLD."id";
	RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "activity_snapshots_follow_community" AFTER DELETE ON "communities"
	FOR EACH ROW EXECUTE FUNCTION "activity_snapshots_follow_community"();
