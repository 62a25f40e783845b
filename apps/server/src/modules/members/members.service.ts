import type { Executor } from '../../core/db';
import { isUuid } from '../communities';
import * as repo from './members.repo';

export type {
  CharacterRow,
  CharacterUpdate,
  KnownCharacter,
  MemberRow,
  MemberSummary,
  MemberUpdate,
  NewCharacter,
} from './members.repo';

/** Every character of a community with its member's state (ingestion compares against it). */
export const loadCommunityCharacters = repo.findCommunityCharacters;
/** New characters, each with a member of its own (the character is the member's main). */
export const addCharactersWithMembers = repo.insertCharactersWithMembers;
export const saveCharacters = repo.updateCharacters;
export const saveMembers = repo.updateMembers;
export const countMembers = repo.countMembers;
export const listMemberSummaries = repo.findMemberSummaries;
export const listMemberCharacters = repo.findMemberCharacters;

export async function getMember(
  db: Executor,
  communityId: string,
  memberId: string,
): Promise<repo.MemberRow | undefined> {
  if (!isUuid(memberId)) return undefined;
  return repo.findMember(db, communityId, memberId);
}

export type { CharacterEnrichment } from './members.repo';
/** Spec, role, item level, avatar, render, best parse, outside status (wow integrations). */
export const saveCharacterEnrichment = repo.updateCharacterEnrichment;
/** Class, race, level, rank index from a second roster source, only where unset. */
export const fillCharacterDetails = repo.fillCharacterDetails;
/** Battle.net login: the member's characters are on the signed-in account. */
export const linkMemberUser = repo.linkMemberUser;
/** Removes members with their characters and history (The Purge). */
export const removeMembers = repo.deleteMembers;
