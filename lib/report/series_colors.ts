/**
 * A colour per chart series: the hue names the variant, the shade the host count.
 *
 * @module
 */
import type { ChartPoint } from "./chart_spec.ts";

/**
 * Variant hues in order of first appearance (Tableau 10: blue, orange, green, red, purple, ...),
 * reused from the start when there are more variants than hues.
 */
export const VARIANT_PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2c",
  "#59a14f",
  "#e15759",
  "#af7aa1",
  "#9c755f",
  "#ff9da7",
  "#76b7b2",
  "#edc949",
  "#bab0ab",
];

/**
 * How far the fewest-hosts series of a variant is mixed towards white; more is too pale for a
 * thin line on white.
 */
const _MAX_LIGHTEN = 0.5;

/**
 * Stroke colour of every series in `points`, keyed by series name, in order of first appearance.
 *
 * Each variant takes the next hue of {@linkcode VARIANT_PALETTE} in order of first appearance.
 * Within a variant, its host counts are spread from the hue mixed half-way to white (fewest hosts)
 * to the hue itself (most hosts), evenly by rank; a variant with one host count gets its hue.
 *
 * @example
 * ```ts
 * seriesColors([
 *   { series: "10 hosts · default", variant: "default", hosts: 10, x: 1, y: 1 },
 *   { series: "20 hosts · default", variant: "default", hosts: 20, x: 1, y: 1 },
 * ]);
 * // Map { "10 hosts · default" => "#a7bcd3", "20 hosts · default" => "#4e79a7" }
 * ```
 *
 * @param points chart points; not modified
 */
export function seriesColors(points: readonly ChartPoint[]): Map<string, string> {
  const hostsByVariant = new Map<string, Set<number>>();
  for (const { variant, hosts } of points) {
    const hostSet = hostsByVariant.get(variant);
    if (hostSet) hostSet.add(hosts);
    else hostsByVariant.set(variant, new Set([hosts]));
  }
  const hues = new Map<string, string>();
  for (const variant of hostsByVariant.keys()) {
    hues.set(variant, VARIANT_PALETTE[hues.size % VARIANT_PALETTE.length]);
  }
  const colors = new Map<string, string>();
  for (const { series, variant, hosts } of points) {
    if (colors.has(series)) continue;
    const ranked = [...hostsByVariant.get(variant)!].sort((a, b) => a - b);
    const last = ranked.length - 1;
    const lighten = last === 0 ? 0 : _MAX_LIGHTEN * (last - ranked.indexOf(hosts)) / last;
    colors.set(series, _mixWithWhite(hues.get(variant)!, lighten));
  }
  return colors;
}

function _mixWithWhite(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  return "#" +
    channels
      .map((channel) =>
        Math.round(channel + (255 - channel) * amount).toString(16).padStart(2, "0")
      )
      .join("");
}
