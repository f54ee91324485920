import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { alarmDot, withAlarmDot } from './badge-image.js';
import type { Bitmap } from './badge-image.js';
import { alarmBadgeText, alarmImages, createAlarmBadge, createTray } from './tray.js';
import type { AlarmImages, ImageMaker, TrayLike } from './tray.js';

vi.mock('electron', () => ({}));

/** The pixel at (x, y) as [blue, green, red, alpha]. */
function pixel(bitmap: Bitmap, x: number, y: number): number[] {
  const offset = (y * bitmap.width + x) * 4;
  return [...bitmap.pixels.subarray(offset, offset + 4)];
}

describe('the alarm dot', () => {
  it('is an opaque red disc in a transparent square, with a dark ring', () => {
    const dot = alarmDot(16);
    expect(dot.pixels).toHaveLength(16 * 16 * 4);
    expect(pixel(dot, 8, 8)).toEqual([0x4f, 0x4d, 0xff, 255]);
    expect(pixel(dot, 0, 0)[3]).toBe(0);
    expect(pixel(dot, 15, 15)[3]).toBe(0);
    // Just inside the edge: the ring, dark and opaque.
    const ring = pixel(dot, 8, 0);
    expect(ring[3]).toBeGreaterThan(200);
    expect(ring[2]).toBeLessThan(0x60);
  });

  it('goes in the icon’s top-right corner and leaves the rest of the icon alone', () => {
    const grey = new Uint8Array(16 * 16 * 4).fill(0x80);
    const icon: Bitmap = { width: 16, height: 16, pixels: grey };
    const marked = withAlarmDot(icon);
    expect(pixel(marked, 13, 3)).toEqual([0x4f, 0x4d, 0xff, 255]);
    expect(pixel(marked, 2, 13)).toEqual([0x80, 0x80, 0x80, 0x80]);
    expect(icon.pixels).toEqual(grey);
  });
});

/** Images as strings, so a test reads which one was used. */
function stringImages(isIconMissing = false): { maker: ImageMaker<string>; made: string[] } {
  const made: string[] = [];
  return {
    made,
    maker: {
      createFromPath: (path) => (isIconMissing ? '' : `icon:${path}`),
      createFromBitmap: (pixels, size) => {
        made.push(`bitmap ${size.width}x${size.height} ${pixels.length}`);
        return `bitmap:${made.length}`;
      },
      isEmpty: (image) => image === '',
      resize: (image, size) => `${image}@${size}`,
      toBitmap: () => Buffer.alloc(16 * 16 * 4, 0x40),
      getSize: () => ({ width: 16, height: 16 }),
    },
  };
}

describe('alarmImages', () => {
  it('makes the tray icon from the app icon, the same with a dot, and the overlay dot', () => {
    const { maker, made } = stringImages();
    const images = alarmImages(maker, '/app/icon.png');
    expect(images.tray).toBe('icon:/app/icon.png@16');
    expect(images.overlay).not.toBe(images.trayAlarm);
    expect(made).toEqual(['bitmap 16x16 1024', 'bitmap 16x16 1024']);
  });

  it('falls back to the dot alone when the icon file is missing', () => {
    const { maker } = stringImages(true);
    const images = alarmImages(maker, '/nowhere.png');
    expect(images.tray).toBe(images.overlay);
  });
});

class FakeTray implements TrayLike<string, string> {
  static readonly created: FakeTray[] = [];
  image: string;
  toolTip = '';
  title = '';
  menu: string | null = null;
  readonly clickListeners: (() => void)[] = [];
  constructor(image: string) {
    this.image = image;
    FakeTray.created.push(this);
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: string | null): void {
    this.menu = menu;
  }
  on(_event: 'click', listener: () => void): this {
    this.clickListeners.push(listener);
    return this;
  }
}

const images: AlarmImages<string> = { tray: 'tray', trayAlarm: 'tray-with-dot', overlay: 'dot' };

describe('createTray', () => {
  it('shows the console on a click or from its menu, and quits from its menu', () => {
    let template: MenuItemConstructorOptions[] = [];
    const showConsole = vi.fn();
    const quit = vi.fn();
    const tray = createTray({
      Tray: FakeTray,
      Menu: {
        buildFromTemplate: (items: MenuItemConstructorOptions[]) => {
          template = items;
          return 'menu';
        },
      },
      images,
      showConsole,
      quit,
    });
    expect(tray).toBeInstanceOf(FakeTray);
    const fake = FakeTray.created.at(-1);
    expect(fake?.image).toBe('tray');
    expect(fake?.menu).toBe('menu');
    expect(fake?.toolTip).toBe(alarmBadgeText(0));
    fake?.clickListeners.forEach((listener) => listener());
    expect(showConsole).toHaveBeenCalledTimes(1);
    const labels = template.map((item) => item.label ?? item.type);
    expect(labels).toEqual(['Show the Fleet Console', 'separator', 'Quit']);
    const click = (label: string) => Reflect.apply(template.find((item) => item.label === label)?.click ?? (() => undefined), undefined, []);
    click('Show the Fleet Console');
    click('Quit');
    expect(showConsole).toHaveBeenCalledTimes(2);
    expect(quit).toHaveBeenCalledTimes(1);
  });
});

describe('the alarm badge', () => {
  function surfaces(platform: NodeJS.Platform, hasWindow = true) {
    const tray = new FakeTray('tray');
    const badgeCounts: number[] = [];
    const overlays: [string | null, string][] = [];
    const badge = createAlarmBadge({
      platform,
      app: { setBadgeCount: (count = 0) => badgeCounts.push(count) > 0 },
      tray: () => tray,
      window: () => (hasWindow ? { setOverlayIcon: (overlay: string | null, description: string) => overlays.push([overlay, description]) } : undefined),
      images,
    });
    return { badge, tray, badgeCounts, overlays };
  }

  it('on Linux: the launcher count, the tray icon with its dot, the count in the tooltip; back to plain at zero', () => {
    const { badge, tray, badgeCounts, overlays } = surfaces('linux');
    badge.set(3);
    expect(badge.count).toBe(3);
    expect(badgeCounts).toEqual([3]);
    expect(tray.image).toBe('tray-with-dot');
    expect(tray.toolTip).toBe('Cyberponies Fleet Console: 3 critical alarms unacknowledged');
    expect(tray.title).toBe('');
    badge.set(3);
    expect(badgeCounts).toEqual([3]);
    badge.set(1);
    expect(tray.toolTip).toBe('Cyberponies Fleet Console: 1 critical alarm unacknowledged');
    badge.set(0);
    expect(badgeCounts).toEqual([3, 1, 0]);
    expect(tray.image).toBe('tray');
    expect(tray.toolTip).toBe(alarmBadgeText(0));
    expect(overlays).toEqual([]);
  });

  it('on macOS: the dock badge and the count beside the menu-bar icon', () => {
    const { badge, tray, badgeCounts } = surfaces('darwin');
    badge.set(12);
    expect(badgeCounts).toEqual([12]);
    expect(tray.title).toBe('12');
    badge.set(0);
    expect(tray.title).toBe('');
  });

  it('on Windows: the taskbar overlay, described for screen readers, and cleared at zero', () => {
    const { badge, badgeCounts, overlays } = surfaces('win32');
    badge.set(2);
    badge.set(0);
    expect(badgeCounts).toEqual([]);
    expect(overlays).toEqual([
      ['dot', 'Cyberponies Fleet Console: 2 critical alarms unacknowledged'],
      [null, alarmBadgeText(0)],
    ]);
  });

  it('draws again on request, e.g. for a window opened after the count was set', () => {
    const { badge, overlays } = surfaces('win32');
    badge.set(4);
    badge.refresh();
    expect(overlays.map(([overlay]) => overlay)).toEqual(['dot', 'dot']);
    const closed = surfaces('win32', false);
    expect(() => closed.badge.set(1)).not.toThrow();
  });
});
