import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { encodeEntryBundle, parseTilePath, tileWidth } from "./tiles.ts";
import { entryBundleData, latestCheckpoint, tileBytes } from "./log.server.ts";

// What the log serves to anyone (C2SP tlog-tiles): tiles and entry bundles of the latest
// checkpointed tree. Full tiles never change; partial ones exist only for a checkpointed size.

export interface TileAnswer {
  body: Buffer;
  immutable: boolean;
}

/** A tile or entry bundle by its path after `tile/`; null when it does not exist (yet). */
export async function readTile(db: Kysely<DB>, path: string): Promise<TileAnswer | null> {
  const address = parseTilePath(path);
  if (!address) return null;
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint) return null;
  const level = address.level === "entries" ? 0 : address.level;
  const available = tileWidth(checkpoint.size, level, address.index);
  // A full tile, or the partial tile of exactly the checkpoint's width (or of an older checkpoint's).
  if (available === 0 || address.width > available) return null;
  const body =
    address.level === "entries"
      ? encodeEntryBundle(await entryBundleData(db, address.index, address.width))
      : await tileBytes(db, level, address.index, address.width);
  return { body, immutable: address.width === 256 };
}
