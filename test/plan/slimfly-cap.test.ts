import { describe, expect, it } from 'vitest';
import { enumerateCandidates } from '../../src/plan/candidates.js';

describe('plan: Slim Fly beyond the largest q topoplan builds', () => {
  it('is excluded with the cap and its size, not refused with a parameter the user never gave', () => {
    // q = 97 = 4·24 + 1: δ = 1, k' = (3q − δ)/2 = 145, p = ⌈k'/2⌉ = 73, endpoints 2q²p
    const most = 2 * 97 * 97 * 73;
    const set = enumerateCandidates({ gpus: 100_000_000, gpusPerHost: 8, nicGbps: 400, radix: 1024, maxOversubscription: 1 });
    const sf = set.excluded.find((x) => x.design === 'Slim Fly');
    expect(sf?.reason).toBe(`topoplan builds Slim Fly up to q=97, which holds ${most.toLocaleString('en-US')} endpoints`);
    expect(set.candidates.some((c) => c.spec.family === 'slimfly')).toBe(false);
  });

  it('below the cap the smallest q whose 2q²p endpoints reach the request is proposed', () => {
    // radix 1024 admits every q ≤ 97; q = 3 holds 2·9·3 = 54, q = 4 (δ = 0, k' = 6, p = 3) 2·16·3 = 96,
    // q = 5 (δ = 1, k' = 7, p = 4) 2·25·4 = 200 ≥ 160
    const set = enumerateCandidates({ gpus: 160, gpusPerHost: 8, nicGbps: 400, radix: 1024, maxOversubscription: 1 });
    const sf = set.candidates.find((c) => c.spec.family === 'slimfly');
    expect(sf?.design).toBe('Slim Fly (q=5)');
    expect(sf?.capacity).toBe(200);
  });
});
