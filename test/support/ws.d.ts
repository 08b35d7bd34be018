// The part of ws 8 (installed with @nestjs/graphql, which serves graphql-ws with it) that the subscription
// specs use as graphql-ws's client WebSocket on Node 20, which has no global WebSocket; ws ships no types.
declare module 'ws' {
  const WebSocket: unknown;
  export default WebSocket;
}
