/**
 * Shift+drag on the map draws a selection box (Leaflet's own shift+drag box zoom is switched off for it).
 * Listens in the capture phase so that the map's own dragging never starts, and swallows the click that
 * the browser sends when the button is released.
 */
import L from 'leaflet';

/** A drag shorter than this is a shift+click, not a box. */
const MIN_BOX_PX = 4;

export class BoxSelect {
  private start: L.Point | null = null;
  private box: HTMLDivElement | null = null;
  private readonly container: HTMLElement;

  constructor(
    private readonly map: L.Map,
    private readonly onBox: (first: L.Point, second: L.Point) => void,
  ) {
    this.container = map.getContainer();
    this.container.addEventListener('mousedown', this.onDown, true);
  }

  dispose(): void {
    this.container.removeEventListener('mousedown', this.onDown, true);
    this.finish();
  }

  private readonly onDown = (event: MouseEvent): void => {
    if (!event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    this.start = this.map.mouseEventToContainerPoint(event);
    this.box = L.DomUtil.create('div', 'box-select-rect', this.container);
    this.box.dataset.testid = 'box-select-rect';
    this.place(this.start);
    L.DomUtil.disableTextSelection();
    document.addEventListener('mousemove', this.onMove);
    document.addEventListener('mouseup', this.onUp);
  };

  private readonly onMove = (event: MouseEvent): void => {
    this.place(this.map.mouseEventToContainerPoint(event));
  };

  private readonly onUp = (event: MouseEvent): void => {
    const start = this.start;
    const end = this.map.mouseEventToContainerPoint(event);
    this.finish();
    if (!start || Math.max(Math.abs(end.x - start.x), Math.abs(end.y - start.y)) < MIN_BOX_PX) return;
    // The release is also a click on the map: it must not select or deselect what lies under it.
    const swallow = (click: MouseEvent) => click.stopPropagation();
    this.container.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => this.container.removeEventListener('click', swallow, true), 0);
    this.onBox(start, end);
  };

  private place(corner: L.Point): void {
    const start = this.start;
    const box = this.box;
    if (!start || !box) return;
    box.style.left = `${Math.min(start.x, corner.x)}px`;
    box.style.top = `${Math.min(start.y, corner.y)}px`;
    box.style.width = `${Math.abs(corner.x - start.x)}px`;
    box.style.height = `${Math.abs(corner.y - start.y)}px`;
  }

  private finish(): void {
    document.removeEventListener('mousemove', this.onMove);
    document.removeEventListener('mouseup', this.onUp);
    if (this.start) L.DomUtil.enableTextSelection();
    this.box?.remove();
    this.box = null;
    this.start = null;
  }
}
