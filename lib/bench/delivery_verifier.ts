/**
 * The byte-for-byte check of a shard's receptions, where the shard's hosts are: each message a
 * host receives is compared with the bytes the run published under its index, and only the
 * verdict (delivered at a time, or corrupted) goes to the run's tracker. A message can arrive
 * before the shard hears what was published under its index (the network can beat the
 * coordinator's note); it waits until then.
 *
 * @module
 */
import { readMessageIndex } from "./delivery_tracker.ts";

/** Where a verifier's verdicts go. */
export interface DeliveryVerdicts {
  /** `host` received message `index` intact at `time` (first time only). */
  delivered(host: number, index: number, time: number): void;
  /** `host` received bytes under `index` that differ from what was published. */
  corrupted(host: number, index: number): void;
}

/** Checks receptions against expected bodies. */
export interface DeliveryVerifier {
  /** What was published under `index`; receptions that waited for it are checked now. */
  expect(index: number, data: Uint8Array): void;
  /** `host` received `data` at `time`. */
  receive(host: number, data: Uint8Array, time: number): void;
  /** Receptions whose index was never expected, as problems (call when the run is over). */
  unknownReceptions(): string[];
}

/** Creates a verifier that reports to `verdicts`. */
export function createDeliveryVerifier(verdicts: DeliveryVerdicts): DeliveryVerifier {
  const expected = new Map<number, Uint8Array>();
  const waiting = new Map<number, { host: number; data: Uint8Array; time: number }[]>();
  const seen = new Set<string>();
  const tooShort: string[] = [];

  function check(host: number, index: number, data: Uint8Array, time: number): void {
    if (!_bytesEqual(expected.get(index)!, data)) {
      verdicts.corrupted(host, index);
      return;
    }
    const key = `${host}/${index}`;
    if (seen.has(key)) return;
    seen.add(key);
    verdicts.delivered(host, index, time);
  }

  return {
    expect(index, data) {
      expected.set(index, data);
      const early = waiting.get(index) ?? [];
      waiting.delete(index);
      for (const reception of early) check(reception.host, index, reception.data, reception.time);
    },
    receive(host, data, time) {
      if (data.byteLength < 4) {
        tooShort.push(`host ${host} received an unknown message (${data.byteLength} bytes)`);
        return;
      }
      const index = readMessageIndex(data);
      if (expected.has(index)) return check(host, index, data, time);
      const early = waiting.get(index) ?? [];
      early.push({ host, data, time });
      waiting.set(index, early);
    },
    unknownReceptions() {
      const unknown = [...waiting.values()].flat().map((reception) =>
        `host ${reception.host} received an unknown message (${reception.data.byteLength} bytes)`
      );
      return [...tooShort, ...unknown];
    },
  };
}

function _bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
