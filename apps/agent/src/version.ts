export const AGENT_VERSION = '0.1.0';
export const USER_AGENT = `guildhall-agent/${AGENT_VERSION}`;
