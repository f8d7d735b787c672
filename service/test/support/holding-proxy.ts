import net from 'node:net';

/** A TCP proxy in front of Postgres for one session; see startHoldingProxy. */
export interface HoldingProxy {
  readonly port: number;
  /** The backend's process id, from BackendKeyData, once ReadyForQuery is held. */
  readonly readyForQuery: Promise<number>;
  /** Resolves when Postgres has closed the session. */
  readonly upstreamClosed: Promise<void>;
  /** Type bytes of the messages held so far ('Z' ReadyForQuery, 'E' ErrorResponse, ...). */
  heldTypes(): string[];
  /** Hands everything held to the client in one write, then ends its socket. */
  releaseAndEnd(): void;
  close(): Promise<void>;
}

const AUTHENTICATION = 0x52; // 'R'
const BACKEND_KEY_DATA = 0x4b; // 'K'
const READY_FOR_QUERY = 0x5a; // 'Z'

/**
 * Forwards the start of one session (through AuthenticationOk, so any password exchange works),
 * then holds what the server sends until releaseAndEnd(). That reproduces, on purpose, what a
 * busy client sees by chance: several server messages, a termination among them, in one read.
 */
export async function startHoldingProxy(target: { host: string; port: number }): Promise<HoldingProxy> {
  const held: Buffer[] = [];
  const heldTypes: string[] = [];
  let unparsed = Buffer.alloc(0);
  let holding = false;
  let backendPid = 0;
  let client: net.Socket | undefined;
  let upstream: net.Socket | undefined;
  let onReady!: (pid: number) => void;
  let onFailed!: (error: Error) => void;
  let onClosed!: () => void;
  const readyForQuery = new Promise<number>((resolve, reject) => {
    onReady = resolve;
    onFailed = reject;
  });
  const upstreamClosed = new Promise<void>((resolve) => (onClosed = resolve));

  // Server messages are a type byte and a length that counts itself (the startup has no bare bytes
  // without SSL, and the test's URLs ask for none).
  const fromServer = (chunk: Buffer, toClient: net.Socket) => {
    unparsed = Buffer.concat([unparsed, chunk]);
    if (!holding && unparsed.length === 1 && (unparsed[0] === 0x53 || unparsed[0] === 0x4e)) {
      onFailed(new Error('the client asked for SSL (PGSSLMODE?); the holding proxy speaks the plain protocol only'));
      return;
    }
    while (unparsed.length >= 5 && unparsed.length >= 1 + unparsed.readInt32BE(1)) {
      const message = unparsed.subarray(0, 1 + unparsed.readInt32BE(1));
      unparsed = unparsed.subarray(message.length);
      if (!holding) {
        toClient.write(message);
        holding = message[0] === AUTHENTICATION && message.readInt32BE(5) === 0;
        continue;
      }
      held.push(message);
      heldTypes.push(String.fromCharCode(message[0] ?? 0));
      if (message[0] === BACKEND_KEY_DATA) backendPid = message.readInt32BE(5);
      if (message[0] === READY_FOR_QUERY) onReady(backendPid);
    }
  };

  const server = net.createServer((socket) => {
    if (client) {
      socket.destroy();
      return;
    }
    client = socket;
    const toServer = net.connect(target.port, target.host);
    upstream = toServer;
    socket.on('data', (chunk: Buffer) => toServer.write(chunk));
    socket.on('error', () => toServer.destroy());
    toServer.on('data', (chunk: Buffer) => fromServer(chunk, socket));
    toServer.on('error', () => undefined);
    toServer.on('close', () => onClosed());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    readyForQuery,
    upstreamClosed,
    heldTypes: () => [...heldTypes],
    releaseAndEnd: () => client?.end(Buffer.concat(held)),
    close: async () => {
      client?.destroy();
      upstream?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
