import type {
  TDotaDraftClientMessage,
  TDotaDraftErrorCode,
  TDotaDraftServerMessage,
  TDotaDraftSuggestions,
  TDotaRoomState,
  TDotaSide,
} from '@guildhall/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Seat tokens per room, kept for the tab's life: a reload or a dropped connection takes the seat back. */
const tokenKey = (roomId: string) => `gh-draft-seats:${roomId}`;

function loadTokens(roomId: string): Partial<Record<TDotaSide, string>> {
  try {
    return JSON.parse(sessionStorage.getItem(tokenKey(roomId)) ?? '{}') as Partial<Record<TDotaSide, string>>;
  } catch {
    return {};
  }
}

function saveToken(roomId: string, side: TDotaSide, token: string | null): void {
  const tokens = loadTokens(roomId);
  if (token) tokens[side] = token;
  else delete tokens[side];
  sessionStorage.setItem(tokenKey(roomId), JSON.stringify(tokens));
}

export type Connection = 'connecting' | 'open' | 'reconnecting';

export interface DraftRoom {
  state: TDotaRoomState | null;
  suggestions: TDotaDraftSuggestions | null;
  seats: TDotaSide[];
  host: boolean;
  connection: Connection;
  error: { code: TDotaDraftErrorCode; message: string } | null;
  /** Server clock minus this browser's, ms. */
  skew: number;
  send(message: TDotaDraftClientMessage): void;
  takeSeat(side: TDotaSide): void;
  clearError(): void;
}

/**
 * One draft room over its WebSocket: joins (taking back any seat this tab held), keeps the
 * newest state, and reconnects with backoff, resuming from the last version seen.
 */
export function useDraftRoom(roomId: string): DraftRoom {
  const [state, setState] = useState<TDotaRoomState | null>(null);
  const [suggestions, setSuggestions] = useState<TDotaDraftSuggestions | null>(null);
  const [seats, setSeats] = useState<TDotaSide[]>([]);
  const [host, setHost] = useState(false);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [error, setError] = useState<DraftRoom['error']>(null);
  const [skew, setSkew] = useState(0);
  const socket = useRef<WebSocket | null>(null);
  const version = useRef(0);

  useEffect(() => {
    let stopped = false;
    let tries = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${scheme}://${window.location.host}/ws/draft/${encodeURIComponent(roomId)}`);
      socket.current = ws;
      ws.onopen = () => {
        tries = 0;
        setConnection('open');
        const tokens = loadTokens(roomId);
        const held = (['radiant', 'dire'] as const).filter((s) => tokens[s]);
        const lastVersion = version.current || undefined;
        if (held.length === 0) ws.send(JSON.stringify({ type: 'join', seat: 'spectator', lastVersion }));
        for (const side of held) {
          ws.send(
            JSON.stringify({
              type: 'join',
              seat: side,
              seatToken: tokens[side],
              lastVersion,
              ref: `seat:${side}`,
            }),
          );
        }
      };
      ws.onmessage = (event) => {
        let m: TDotaDraftServerMessage;
        try {
          m = JSON.parse(String(event.data)) as TDotaDraftServerMessage;
        } catch {
          return;
        }
        if (m.type === 'state') {
          if (m.state.version < version.current) return;
          version.current = m.state.version;
          setState(m.state);
          setSuggestions(m.suggestions);
          setSkew(m.state.serverNow - Date.now());
        } else if (m.type === 'joined') {
          setSeats(m.seats);
          setHost(m.host);
          const side = m.ref?.startsWith('seat:') ? (m.ref.slice(5) as TDotaSide) : null;
          if (side && m.seatToken) saveToken(roomId, side, m.seatToken);
        } else {
          // A seat this tab held was lost (the room was reset by its host, or the token is stale).
          if (m.code === 'SEAT_TAKEN' && m.ref?.startsWith('seat:')) {
            saveToken(roomId, m.ref.slice(5) as TDotaSide, null);
            if (!version.current) ws.send(JSON.stringify({ type: 'join', seat: 'spectator' }));
          }
          setError({ code: m.code, message: m.message });
        }
      };
      ws.onclose = () => {
        if (socket.current === ws) socket.current = null;
        if (stopped) return;
        setConnection('reconnecting');
        setSeats([]);
        retry = setTimeout(connect, Math.min(8000, 500 * 2 ** tries++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.current?.close();
    };
  }, [roomId]);

  const send = useCallback((message: TDotaDraftClientMessage) => {
    setError(null);
    socket.current?.send(JSON.stringify(message));
  }, []);
  const takeSeat = useCallback(
    (side: TDotaSide) => send({ type: 'join', seat: side, ref: `seat:${side}` }),
    [send],
  );
  const clearError = useCallback(() => setError(null), []);
  return { state, suggestions, seats, host, connection, error, skew, send, takeSeat, clearError };
}
