/**
 * Applies "follow the selected car" to the map: re-centres on each new position with a glide, never
 * fights the operator (a drag stops following; zooming keeps the car centred instead of the pointer),
 * and stops when following is turned off.
 */
import L from 'leaflet';
import type { useConsoleStore } from '../store/store.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { areaCentre, followMove, glideSeconds, type VisibleArea } from './follow.js';
import { visibleMapArea } from './map-insets.js';

type ConsoleStore = typeof useConsoleStore;

export class FollowController {
  private followedIndex = -1;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private lastMoveAtMs = 0;
  private isZooming = false;
  private savedZoomAround: { readonly scrollWheelZoom: boolean | 'center'; readonly doubleClickZoom: boolean | 'center' } | null = null;
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly map: L.Map,
    private readonly model: FleetModel,
    private readonly store: ConsoleStore,
  ) {
    this.stops.push(model.subscribe((change) => this.onData(change.type === 'delta' ? change.indices : null)));
    this.stops.push(
      store.subscribe((state, previous) => {
        if (state.isFollowing !== previous.isFollowing || state.selectedDeviceId !== previous.selectedDeviceId) this.onFollowChanged();
      }),
    );
    const onDragStart = () => this.onUserDrag();
    const onZoomStart = () => (this.isZooming = true);
    const onZoomEnd = () => {
      this.isZooming = false;
      this.recentre(true);
    };
    map.on('dragstart', onDragStart);
    map.on('zoomstart', onZoomStart);
    map.on('zoomend', onZoomEnd);
    this.stops.push(() => {
      map.off('dragstart', onDragStart);
      map.off('zoomstart', onZoomStart);
      map.off('zoomend', onZoomEnd);
    });
    this.onFollowChanged();
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    this.stops.length = 0;
    this.release();
  }

  private onFollowChanged(): void {
    const { isFollowing, selectedDeviceId } = this.store.getState();
    const index = isFollowing && selectedDeviceId !== null ? this.model.indexOf(selectedDeviceId) : -1;
    if (index < 0) {
      this.release();
      return;
    }
    this.followedIndex = index;
    this.lastX = Number.NaN;
    this.lastY = Number.NaN;
    this.lastMoveAtMs = performance.now();
    // Zooming while following keeps the car at the centre rather than zooming round the pointer.
    if (!this.savedZoomAround) {
      this.savedZoomAround = { scrollWheelZoom: this.map.options.scrollWheelZoom ?? true, doubleClickZoom: this.map.options.doubleClickZoom ?? true };
      this.map.options.scrollWheelZoom = 'center';
      this.map.options.doubleClickZoom = 'center';
    }
    this.recentre(true);
  }

  private onData(changed: Uint32Array | null): void {
    if (this.followedIndex < 0) return;
    if (changed === null) {
      // A snapshot renumbers devices.
      this.onFollowChanged();
      return;
    }
    if (changed.includes(this.followedIndex)) this.recentre(false);
  }

  private onUserDrag(): void {
    if (this.followedIndex >= 0) this.store.getState().setFollowing(false);
  }

  private recentre(isForced: boolean): void {
    const index = this.followedIndex;
    if (index < 0 || this.isZooming) return;
    const x = this.model.projectedX[index] ?? 0;
    const y = this.model.projectedY[index] ?? 0;
    if (!isForced && x === this.lastX && y === this.lastY) return;
    const now = performance.now();
    const sinceLastMove = now - this.lastMoveAtMs;
    this.lastX = x;
    this.lastY = y;
    this.lastMoveAtMs = now;
    const target = L.latLng(this.model.latitude[index] ?? 0, this.model.longitude[index] ?? 0);
    const area = visibleMapArea(this.map.getContainer());
    const move = followMove(this.map.latLngToContainerPoint(target), area);
    if (move === 'stay') return;
    const centre = centreFor(this.map, target, area);
    if (move === 'jump') this.map.setView(centre, this.map.getZoom(), { animate: false });
    else this.map.panTo(centre, { animate: true, duration: glideSeconds(sinceLastMove), easeLinearity: 1 });
  }

  private release(): void {
    this.followedIndex = -1;
    if (!this.savedZoomAround) return;
    this.map.options.scrollWheelZoom = this.savedZoomAround.scrollWheelZoom;
    this.map.options.doubleClickZoom = this.savedZoomAround.doubleClickZoom;
    this.savedZoomAround = null;
  }
}

/** The map centre that puts `target` in the middle of the visible area rather than of the whole map. */
export function centreFor(map: L.Map, target: L.LatLng, area: VisibleArea, zoom: number = map.getZoom()): L.LatLng {
  const size = map.getSize();
  const middle = areaCentre(area);
  const shift = L.point(size.x / 2 - middle.x, size.y / 2 - middle.y);
  return map.unproject(map.project(target, zoom).add(shift), zoom);
}
