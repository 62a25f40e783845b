-- Activity events written before each kind had a schema (@guildhall/contracts activity-events.ts)
-- used other spellings; rename them once. Reads also map them (readActivityEvent).
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('name', coalesce("data"->'character', "data"->'characterName', "data"->'memberName'))
  WHERE "kind" IN ('join', 'leave', 'rank_change', 'score_milestone') AND NOT "data" ? 'name'
    AND coalesce("data"->'character', "data"->'characterName', "data"->'memberName') IS NOT NULL;--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('to', "data"->'rank')
  WHERE "kind" = 'rank_change' AND NOT "data" ? 'to' AND "data" ? 'rank';--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('milestone', "data"->'threshold')
  WHERE "kind" = 'score_milestone' AND NOT "data" ? 'milestone' AND "data" ? 'threshold';--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('previous', "data"->'previousScore')
  WHERE "kind" = 'score_milestone' AND NOT "data" ? 'previous' AND "data" ? 'previousScore';--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('count', coalesce("data"->'onlineCount', "data"->'online'))
  WHERE "kind" = 'online_record' AND NOT "data" ? 'count' AND coalesce("data"->'onlineCount', "data"->'online') IS NOT NULL;--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('day', "data"->'date')
  WHERE "kind" = 'online_record' AND NOT "data" ? 'day' AND "data" ? 'date';--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('boss', "data"->'encounterName')
  WHERE "kind" = 'boss_kill' AND NOT "data" ? 'boss' AND "data" ? 'encounterName';--> statement-breakpoint
UPDATE "activity_events" SET "data" = "data" || jsonb_build_object('zone', "data"->'zoneName')
  WHERE "kind" = 'boss_kill' AND NOT "data" ? 'zone' AND "data" ? 'zoneName';
