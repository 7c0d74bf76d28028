/** The closest known word to a misspelt one, for every "did you mean" of the contract. */
import { editDistance } from "../pipeline/status.ts";

/** The closest candidate to a misspelt word ("evnets" → "events"), or undefined when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}
