/**
 * The tray icon and the dock or taskbar badge: how many critical alarms wait for a look, seen without
 * the console in front. Electron's objects come in as arguments so that this is tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { alarmDot, withAlarmDot } from './badge-image.js';
import type { Bitmap } from './badge-image.js';

const APP_NAME = 'Cyberponies Fleet Console';
const TRAY_ICON_SIZE = 16;
const OVERLAY_SIZE = 16;

/** The part of Electron's nativeImage used here; `Image` is NativeImage in the app, anything in tests. */
export interface ImageMaker<Image> {
  createFromPath(path: string): Image;
  createFromBitmap(pixels: Buffer, options: { width: number; height: number }): Image;
  isEmpty(image: Image): boolean;
  /** To a square of `size` pixels. */
  resize(image: Image, size: number): Image;
  toBitmap(image: Image): Buffer;
  getSize(image: Image): { width: number; height: number };
}

export interface AlarmImages<Image> {
  readonly tray: Image;
  /** The tray icon with a red dot. */
  readonly trayAlarm: Image;
  /** The Windows taskbar overlay. */
  readonly overlay: Image;
}

function fromBitmap<Image>(maker: ImageMaker<Image>, bitmap: Bitmap): Image {
  return maker.createFromBitmap(Buffer.from(bitmap.pixels), { width: bitmap.width, height: bitmap.height });
}

export function alarmImages<Image>(maker: ImageMaker<Image>, iconPath: string): AlarmImages<Image> {
  const overlay = fromBitmap(maker, alarmDot(OVERLAY_SIZE));
  const icon = maker.createFromPath(iconPath);
  // A missing icon file gives an empty image: the tray still shows something, the dot alone.
  if (maker.isEmpty(icon)) return { tray: overlay, trayAlarm: overlay, overlay };
  const tray = maker.resize(icon, TRAY_ICON_SIZE);
  const { width, height } = maker.getSize(tray);
  const pixels = new Uint8Array(maker.toBitmap(tray));
  return { tray, trayAlarm: fromBitmap(maker, withAlarmDot({ width, height, pixels })), overlay };
}

/** The part of Electron's Tray used here. */
export interface TrayLike<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface TrayDependencies<Image, Menu> {
  readonly Tray: new (image: Image) => TrayLike<Image, Menu>;
  readonly Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  readonly images: AlarmImages<Image>;
  readonly showConsole: () => void;
  readonly quit: () => void;
}

export function createTray<Image, Menu>(dependencies: TrayDependencies<Image, Menu>): TrayLike<Image, Menu> {
  const tray = new dependencies.Tray(dependencies.images.tray);
  tray.setToolTip(alarmBadgeText(0));
  tray.setContextMenu(
    dependencies.Menu.buildFromTemplate([
      { label: 'Show the Fleet Console', click: dependencies.showConsole },
      { type: 'separator' },
      { label: 'Quit', click: dependencies.quit },
    ]),
  );
  // Linux and Windows show the console on a click; macOS opens the menu, as its users expect.
  tray.on('click', dependencies.showConsole);
  return tray;
}

export function alarmBadgeText(count: number): string {
  if (count === 0) return `${APP_NAME}: no critical alarm waiting`;
  return `${APP_NAME}: ${count} critical alarm${count === 1 ? '' : 's'} unacknowledged`;
}

export interface BadgeSurfaces<Image, Menu> {
  readonly platform: NodeJS.Platform;
  /** app.setBadgeCount: the dock on macOS, the launcher on Linux desktops that support it. */
  readonly app: { setBadgeCount(count?: number): boolean };
  readonly tray: () => TrayLike<Image, Menu> | null;
  /** The main window, when open: Windows has no badge count, so its taskbar button gets an overlay. */
  readonly window: () => { setOverlayIcon(overlay: Image | null, description: string): void } | undefined;
  readonly images: AlarmImages<Image>;
}

export interface AlarmBadge {
  readonly count: number;
  set(count: number): void;
  /** Draws the current count again, e.g. on a window opened after it was set. */
  refresh(): void;
}

export function createAlarmBadge<Image, Menu>(surfaces: BadgeSurfaces<Image, Menu>): AlarmBadge {
  let count = 0;
  const draw = () => {
    const text = alarmBadgeText(count);
    if (surfaces.platform !== 'win32') surfaces.app.setBadgeCount(count);
    const tray = surfaces.tray();
    if (tray) {
      tray.setImage(count > 0 ? surfaces.images.trayAlarm : surfaces.images.tray);
      tray.setToolTip(text);
      if (surfaces.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
    }
    if (surfaces.platform === 'win32') surfaces.window()?.setOverlayIcon(count > 0 ? surfaces.images.overlay : null, text);
  };
  return {
    get count() {
      return count;
    },
    set(next) {
      if (next === count) return;
      count = next;
      draw();
    },
    refresh: draw,
  };
}
