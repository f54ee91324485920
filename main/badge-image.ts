/**
 * The alarm dot drawn on the tray icon and as the Windows taskbar overlay, as raw pixels in the format
 * Electron's nativeImage.toBitmap gives and createFromBitmap takes (Chromium's N32: premultiplied BGRA on
 * desktop platforms), so no image file or canvas is needed.
 */

/** Critical red (CONSOLE.md), as in the console's dark theme. */
const CRITICAL_RED = { red: 0xff, green: 0x4d, blue: 0x4f } as const;
/** A dark ring around the dot keeps it distinct from whatever icon or taskbar lies under it. */
const RING = { red: 0x0b, green: 0x0f, blue: 0x14 } as const;

export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** Premultiplied BGRA, 4 bytes per pixel, row by row. */
  readonly pixels: Uint8Array;
}

type Colour = { readonly red: number; readonly green: number; readonly blue: number };

/** Paints an opaque colour over one pixel with the given coverage (0..1): anti-aliased edges without a canvas. */
function paint(pixels: Uint8Array, offset: number, colour: Colour, coverage: number): void {
  if (coverage <= 0) return;
  const alpha = Math.min(1, coverage);
  // Premultiplied "over": every channel, alpha included, is colour·a + below·(1 − a).
  const over = (value: number, below: number) => Math.round(value * alpha + below * (1 - alpha));
  pixels[offset] = over(colour.blue, pixels[offset] ?? 0);
  pixels[offset + 1] = over(colour.green, pixels[offset + 1] ?? 0);
  pixels[offset + 2] = over(colour.red, pixels[offset + 2] ?? 0);
  pixels[offset + 3] = over(255, pixels[offset + 3] ?? 0);
}

/** Draws a red disc with a dark ring, centred at (centreX, centreY), into a copy of the bitmap. */
function drawDot(bitmap: Bitmap, centreX: number, centreY: number, radius: number): Bitmap {
  const pixels = new Uint8Array(bitmap.pixels);
  const ringWidth = Math.max(1, radius / 4);
  for (let y = 0; y < bitmap.height; y += 1) {
    for (let x = 0; x < bitmap.width; x += 1) {
      const distance = Math.hypot(x + 0.5 - centreX, y + 0.5 - centreY);
      const offset = (y * bitmap.width + x) * 4;
      paint(pixels, offset, RING, radius + 0.5 - distance);
      paint(pixels, offset, CRITICAL_RED, radius - ringWidth + 0.5 - distance);
    }
  }
  return { width: bitmap.width, height: bitmap.height, pixels };
}

/** A red dot filling a transparent square: the taskbar overlay on Windows. */
export function alarmDot(size: number): Bitmap {
  const empty: Bitmap = { width: size, height: size, pixels: new Uint8Array(size * size * 4) };
  return drawDot(empty, size / 2, size / 2, size / 2);
}

/** The icon with a red dot in its top-right corner: the tray icon while a critical alarm waits. */
export function withAlarmDot(icon: Bitmap): Bitmap {
  const radius = Math.min(icon.width, icon.height) * 0.3;
  return drawDot(icon, icon.width - radius, radius, radius);
}
