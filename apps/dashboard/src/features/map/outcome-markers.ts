import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '@truce-monitor/domain';

/**
 * How each classification is drawn on the map: a letter and a shape as well
 * as a colour, so that no one needs to tell colours apart to read it.
 */
export const OUTCOME_MARKERS: Record<Outcome, { glyph: string; shape: 'circle' | 'square' | 'diamond' | 'ring' }> = {
  violation: { glyph: 'V', shape: 'circle' },
  disputed_exclusion: { glyph: 'D', shape: 'diamond' },
  permitted_excluded_target: { glyph: 'P', shape: 'square' },
  excluded_perpetrator: { glyph: 'X', shape: 'square' },
  non_party: { glyph: 'N', shape: 'square' },
  outside_window: { glyph: 'W', shape: 'ring' },
  outside_scope: { glyph: 'S', shape: 'ring' },
  undetermined: { glyph: '?', shape: 'ring' },
};

export const LEGEND = OUTCOMES.map((outcome) => ({ outcome, label: OUTCOME_LABELS[outcome], ...OUTCOME_MARKERS[outcome] }));

export function markerClass(outcome: Outcome): string {
  return `map-marker map-marker--${OUTCOME_MARKERS[outcome].shape} map-marker--${outcome}`;
}
