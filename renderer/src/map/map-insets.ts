/**
 * What of the map the operator can actually see: the device and station panels float over its right
 * side, so following and focusing centre things in the rest.
 */
import type { VisibleArea } from './follow.js';

const COVERS = '.device-panel';

export function visibleMapArea(container: HTMLElement): VisibleArea {
  const box = container.getBoundingClientRect();
  let right = box.width;
  for (const cover of document.querySelectorAll(COVERS)) {
    const covered = cover.getBoundingClientRect();
    const isOverRightSide = covered.left > box.left + box.width / 2 && covered.left < box.right && covered.bottom > box.top && covered.top < box.bottom;
    if (isOverRightSide) right = Math.min(right, covered.left - box.left);
  }
  return { left: 0, top: 0, right, bottom: box.height };
}
