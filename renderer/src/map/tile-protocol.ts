/** Messages between the base map and its tile worker (tile-worker.ts, tile-client.ts). */

export interface TileLoad {
  readonly id: number;
  readonly url: string;
  /** A CSS filter, or 'none'. */
  readonly filter: string;
  readonly width: number;
  readonly height: number;
}

export type TileRequest =
  /** The tiles a layer asked for in one go (a zoom asks for a screenful): one message, not one each. */
  | { readonly type: 'load'; readonly tiles: readonly TileLoad[] }
  /** The map dropped the tile before it was ready: no need to finish it. */
  | { readonly type: 'cancel'; readonly id: number };

export type TileAnswer =
  | { readonly id: number; readonly bitmap: ImageBitmap }
  /**
   * `isRefused`: the request never got an answer the worker may read (no CORS from the tile server, a
   * network error, a policy): the page can still show the tile as an image. Otherwise the server
   * answered with an error, or the image could not be decoded.
   */
  | { readonly id: number; readonly error: string; readonly isRefused: boolean };
