/** Small numeric helpers for the benchmark report. */

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** A ratio rounded to two decimals, as reported. */
export const ratio = (numerator: number, denominator: number): number =>
  Math.round((numerator / denominator) * 100) / 100

export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Rotates `items` by `by` places, so that no side always runs first in a round. */
export const rotate = <A>(items: ReadonlyArray<A>, by: number): Array<A> => {
  const shift = by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}
