/**
 * The GraphQL schema of the dota module (served by mercurius at `/graphql`). Match ids pass
 * 2^31, so they travel as Float. Every community-scoped field takes the same credentials as the
 * REST routes (read access to the community).
 */
export const dotaSchema = /* GraphQL */ `
  type Hero {
    id: Int!
    name: String!
    localizedName: String!
    primaryAttr: String!
    attackType: String!
    roles: [String!]!
  }

  "A model term in log-odds with its 95 % interval and the games it rests on."
  type Estimate {
    value: Float!
    low: Float!
    high: Float!
    games: Int!
  }

  type HeroStrength {
    heroId: Int!
    estimate: Estimate!
  }

  enum MatchupKind {
    COUNTER
    SYNERGY
  }

  type Matchup {
    heroId: Int!
    otherId: Int!
    kind: MatchupKind!
    estimate: Estimate!
  }

  type Reason {
    "strength, counter, synergy or personal"
    kind: String!
    heroId: Int
    "Share of the win probability over the baseline (0.021 = +2.1 %)."
    delta: Float!
    games: Int!
  }

  type Suggestion {
    heroId: Int!
    winProbability: Float!
    reasons: [Reason!]!
  }

  type Match {
    matchId: Float!
    startTime: Int!
    duration: Int!
    patch: Int!
    avgRankTier: Int
    radiantWin: Boolean!
    radiant: [Int!]!
    dire: [Int!]!
  }

  type ModelInfo {
    patch: Int!
    bracket: Int!
    builtAt: String!
    matches: Int!
    radiantBias: Float!
  }

  type PersonalAdvantage {
    heroId: Int!
    score: Float!
    games: Int!
    wins: Int!
    expectedWins: Float!
  }

  type Preferences {
    "Medal 1–8 the player's suggestions use; null = every rank."
    bracket: Int
    "Positions 1–5 the player plays."
    roles: [Int!]!
    heroPool: [Int!]!
  }

  type Me {
    userId: ID!
    displayName: String!
    "64-bit SteamID as a string, when a Steam account is linked."
    steamId: String
    "32-bit account id (OpenDota's), when a Steam account is linked."
    accountId: Float
    preferences: Preferences!
    personal(communityId: ID!, patch: Int, bracket: Int): [PersonalAdvantage!]!
  }

  type Query {
    heroes: [Hero!]!
    model(communityId: ID!, patch: Int, bracket: Int): ModelInfo
    strengths(communityId: ID!, patch: Int, bracket: Int): [HeroStrength!]!
    matchups(communityId: ID!, heroId: Int!, kind: MatchupKind, patch: Int, bracket: Int, limit: Int): [Matchup!]!
    suggestions(
      communityId: ID!
      allies: [Int!]
      enemies: [Int!]
      bans: [Int!]
      accountId: Float
      position: Int
      patch: Int
      bracket: Int
      limit: Int
    ): [Suggestion!]!
    matches(communityId: ID!, accountId: Float, heroId: Int, before: Float, limit: Int): [Match!]!
    me: Me
  }

  type Mutation {
    updatePreferences(bracket: Int, roles: [Int!], heroPool: [Int!]): Preferences!
  }
`;
