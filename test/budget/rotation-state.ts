/**
 * rotate-secret's rotation-state variable (`<NAME>_ROTATION_<INSTANCE>`) for seeded organizations:
 * idle, its current value fingerprinted (a distinct fingerprint per `n`), rotated at `at`.
 */
export function rotationState(n: number, at: string): string {
  return JSON.stringify({
    version: 1,
    phase: 'idle',
    current: { fingerprint: `hmac-sha256:${n.toString(16).padStart(64, '0')}`, since: at },
    retiring: [],
    updated: at,
  });
}
