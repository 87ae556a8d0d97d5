/**
 * Where a message is on its trip from the coordinator to a worker and back, for measuring it
 * (test/scaling/message-trip.ts): each side calls the trace, when one is given, with the message
 * id, the phase just reached and the time (performance.now(), ms). Nothing is traced by default.
 *
 * Coordinator: `encoded` (the batch's messages encoded), `published` (JetStream stored the message),
 * `received` (its answer's bytes in hand), `decoded` (the answer decoded), `rebuilt` (its results
 * rebuilt from the outcomes with the graph).
 * Worker: `fetching` (a slot asks for a message; id -1), `delivered` (a message's bytes in hand),
 * `unpacked` (decoded), `started` (a slot's thread is free for it: its
 * handling starts), `graph` (its graph in hand), `ran` (its rollouts done on the pool),
 * `answer-encoded`, `answered` (JetStream stored the answer), `acked` (the ack confirmed).
 */
export type TripPhase =
  | "encoded" | "published" | "received" | "decoded" | "rebuilt"
  | "fetching" | "delivered" | "unpacked" | "started" | "graph" | "ran" | "answer-encoded" | "answered" | "acked";

export type TripTrace = (messageId: number, phase: TripPhase, at: number) => void;
