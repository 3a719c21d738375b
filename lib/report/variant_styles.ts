/**
 * How a chart tells variants apart: a hue, a marker shape and a line dash each, so the charts
 * read in a grayscale print as well as in colour.
 *
 * @module
 */

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

/** The subset of a canvas path (and of d3-path) a marker is drawn with. */
export interface PathContext {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
}

/**
 * A marker shape. Plot takes it as a dot's `symbol` (a d3 symbol type: `draw(context, size)`);
 * the legend draws it from {@linkcode markerPath}. Every shape covers `size` square pixels, so
 * none looks heavier than another.
 */
export interface ChartMarker {
  /** e.g. `"circle"`, `"triangle"`. */
  name: string;
  /** Draws the shape centred on (0, 0), covering `size` square pixels. */
  draw(context: PathContext, size: number): void;
}

/** One variant's look. */
export interface VariantStyle {
  variant: string;
  /** Stroke and fill colour, e.g. `"#4e79a7"`. */
  color: string;
  marker: ChartMarker;
  /** The SVG `stroke-dasharray` of its lines; `""` for a solid line. */
  dash: string;
}

/** Vertices of a shape of about unit radius, y down (SVG). */
type _Polygon = readonly (readonly [number, number])[];

const _ARM = 0.34;
const _POLYGONS: Record<string, _Polygon> = {
  triangle: [[0, -1], [0.866, 0.5], [-0.866, 0.5]],
  square: [[-1, -1], [1, -1], [1, 1], [-1, 1]],
  diamond: [[0, -1.2], [0.8, 0], [0, 1.2], [-0.8, 0]],
  "triangle-down": [[0, 1], [0.866, -0.5], [-0.866, -0.5]],
  plus: [
    [-_ARM, -1],
    [_ARM, -1],
    [_ARM, -_ARM],
    [1, -_ARM],
    [1, _ARM],
    [_ARM, _ARM],
    [_ARM, 1],
    [-_ARM, 1],
    [-_ARM, _ARM],
    [-1, _ARM],
    [-1, -_ARM],
    [-_ARM, -_ARM],
  ],
  star: Array.from({ length: 10 }, (_, index) => {
    const radius = index % 2 === 0 ? 1 : 0.45;
    const angle = (index * Math.PI) / 5 - Math.PI / 2;
    return [radius * Math.cos(angle), radius * Math.sin(angle)] as const;
  }),
};

/** The circle, drawn as Plot's own so Plot writes a `<circle>` element for it. */
const _CIRCLE: ChartMarker = {
  name: "circle",
  draw(context, size) {
    // Only the legend serializes this one (Plot draws "circle" itself): a 24-gon is smooth
    // enough at marker size.
    const radius = Math.sqrt(size / Math.PI);
    for (let index = 0; index <= 24; index++) {
      const angle = (index / 24) * 2 * Math.PI;
      const x = radius * Math.cos(angle);
      const y = radius * Math.sin(angle);
      if (index === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    }
    context.closePath();
  },
};

/** Marker shapes in the order variants take them. */
export const VARIANT_MARKERS: readonly ChartMarker[] = [
  _CIRCLE,
  ...["triangle", "square", "diamond", "triangle-down", "plus", "star"].map((name) =>
    _polygonMarker(name, _POLYGONS[name])
  ),
];

/**
 * Line dashes in the order variants take them (SVG `stroke-dasharray`, in pixels): solid, long
 * dash, dots, dash-dot, even dash.
 */
export const VARIANT_DASHES: readonly string[] = ["", "7 3", "2 2", "9 3 2 3", "4 4"];

/**
 * The style of each variant, in the order given: the i-th variant takes the i-th hue, marker and
 * dash, each list reused from its start when it runs out. Seven markers and five dashes make
 * the first 35 variants differ in marker or dash, whatever their colour.
 *
 * @example
 * ```ts
 * const styles = variantStyles(["default", "states"]);
 * styles.get("states"); // { variant: "states", color: "#f28e2c", marker: triangle, dash: "7 3" }
 * ```
 *
 * @param variants names in chart order; a repeated name keeps its first style
 */
export function variantStyles(variants: readonly string[]): Map<string, VariantStyle> {
  const styles = new Map<string, VariantStyle>();
  for (const variant of variants) {
    if (styles.has(variant)) continue;
    const index = styles.size;
    styles.set(variant, {
      variant,
      color: VARIANT_PALETTE[index % VARIANT_PALETTE.length],
      marker: VARIANT_MARKERS[index % VARIANT_MARKERS.length],
      dash: VARIANT_DASHES[index % VARIANT_DASHES.length],
    });
  }
  return styles;
}

/**
 * `marker` as SVG path data centred on (0, 0), covering `size` square pixels, coordinates
 * rounded to 0.01 px: what the legend draws.
 *
 * @example
 * ```ts
 * markerPath(VARIANT_MARKERS[2], 16); // "M-2,-2L2,-2L2,2L-2,2Z" (a 4 x 4 square)
 * ```
 */
export function markerPath(marker: ChartMarker, size: number): string {
  let path = "";
  const point = (x: number, y: number) => `${_round(x)},${_round(y)}`;
  marker.draw({
    moveTo: (x, y) => path += `M${point(x, y)}`,
    lineTo: (x, y) => path += `L${point(x, y)}`,
    closePath: () => path += "Z",
  }, size);
  return path;
}

function _polygonMarker(name: string, polygon: _Polygon): ChartMarker {
  const area = _area(polygon);
  return {
    name,
    draw(context, size) {
      const scale = Math.sqrt(size / area);
      polygon.forEach(([x, y], index) => {
        if (index === 0) context.moveTo(x * scale, y * scale);
        else context.lineTo(x * scale, y * scale);
      });
      context.closePath();
    },
  };
}

/** The shoelace formula. */
function _area(polygon: _Polygon): number {
  let twice = 0;
  polygon.forEach(([x, y], index) => {
    const [nextX, nextY] = polygon[(index + 1) % polygon.length];
    twice += x * nextY - nextX * y;
  });
  return Math.abs(twice) / 2;
}

function _round(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}
