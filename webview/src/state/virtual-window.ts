/**
 * Fixed-row-height list virtualization that stays correct past the browser's maximum element
 * height (~33.5M px in Chromium): a list of a few million rows is drawn in a spacer of at most
 * `maxSpacer` px, and scroll positions are mapped to rows proportionally. @tanstack/virtual-core
 * assumes spacer px = row px, which breaks at about 1M rows of 34 px.
 */
export interface WindowInput {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  scrollTop: number;
  overscan: number;
  maxSpacer: number;
}

export interface VirtualWindow {
  /** Height of the scroll spacer, px. */
  spacerHeight: number;
  /** First and one-past-last rendered rows. */
  start: number;
  end: number;
  /** `top` (px inside the spacer) of row `start`; later rows follow at `rowHeight` intervals. */
  offset: number;
}

export const MAX_SPACER = 8_000_000;

export function spacerHeight(count: number, rowHeight: number, maxSpacer: number): number {
  return Math.min(count * rowHeight, maxSpacer);
}

/** Row at the top of the viewport for a scroll position. */
export function rowAtScroll(input: WindowInput): number {
  const { count, rowHeight, viewportHeight, scrollTop, maxSpacer } = input;
  const spacer = spacerHeight(count, rowHeight, maxSpacer);
  const realScrollable = Math.max(0, count * rowHeight - viewportHeight);
  const spacerScrollable = Math.max(0, spacer - viewportHeight);
  if (spacerScrollable === 0) return 0;
  const fraction = Math.min(1, Math.max(0, scrollTop / spacerScrollable));
  return (fraction * realScrollable) / rowHeight;
}

export function computeWindow(input: WindowInput): VirtualWindow {
  const { count, rowHeight, viewportHeight, scrollTop, overscan, maxSpacer } = input;
  const spacer = spacerHeight(count, rowHeight, maxSpacer);
  if (count === 0) return { spacerHeight: 0, start: 0, end: 0, offset: 0 };
  const topRow = rowAtScroll(input);
  const first = Math.floor(topRow);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  // Row `first` is drawn at the viewport top shifted by its fractional part.
  const offset = scrollTop - (topRow - start) * rowHeight;
  return { spacerHeight: spacer, start, end, offset: Math.max(0, offset) };
}

/** scrollTop that brings `row` into view (minimal scroll), for keyboard navigation. */
export function scrollTopForRow(row: number, current: WindowInput): number {
  const { count, rowHeight, viewportHeight, maxSpacer } = current;
  const spacer = spacerHeight(count, rowHeight, maxSpacer);
  const realScrollable = Math.max(0, count * rowHeight - viewportHeight);
  const spacerScrollable = Math.max(0, spacer - viewportHeight);
  if (realScrollable === 0) return 0;
  const top = rowAtScroll(current);
  const rowsVisible = Math.floor(viewportHeight / rowHeight);
  let target = top;
  if (row < top) target = row;
  else if (row + 1 > top + rowsVisible) target = row + 1 - rowsVisible;
  else return current.scrollTop;
  return ((target * rowHeight) / realScrollable) * spacerScrollable;
}
