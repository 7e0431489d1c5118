/**
 * Reliability of loading: 10 000 mutated migration files and 10 000 mutated sections per
 * device (fixed seed; see mutation-campaign.ts for the mutations and what surviving means).
 * `npm run fuzz` runs the same campaign ten times larger.
 */
import { describe, expect, it } from 'vitest';
import { MUTATION_TARGETS, runMutationCampaign } from './mutation-campaign.ts';

const PER_DEVICE = 10_000;

describe('mutated migration files and sections', () => {
  for (const { board, idstr } of MUTATION_TARGETS) {
    it(`${idstr} on ${board}: ${PER_DEVICE} files and ${PER_DEVICE} sections are loaded or rejected cleanly`, () => {
      const t = runMutationCampaign(board, idstr, PER_DEVICE, 0x12c0de);
      expect(t.failures).toEqual([]);
      expect(t.tried).toBe(2 * PER_DEVICE);
      expect(t.survived).toBe(t.tried);
      // Both outcomes occur often enough to mean something.
      expect(t.rejected).toBeGreaterThan(PER_DEVICE / 2);
      expect(t.accepted).toBeGreaterThan(PER_DEVICE / 50);
      console.log(`${idstr} on ${board}: tried ${t.tried}, rejected and unchanged ${t.rejected}, accepted and still working ${t.accepted}`);
    }, 60_000);
  }
});
