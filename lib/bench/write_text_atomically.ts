/**
 * Whole files written so that a kill, an error or a power loss never leaves half a file where a
 * whole one was (or is expected).
 *
 * @module
 */

/** Options of {@linkcode writeFileAtomically}. */
export interface WriteFileAtomicallyOptions {
  /**
   * Refuse (Deno.errors.AlreadyExists) when `path` exists, atomically: of two writers of the same
   * path, exactly one succeeds. @default false
   */
  exclusive?: boolean;
}

/**
 * Writes `data` to `path` durably: to a temporary file beside it, flushed to the disk, then
 * renamed (or with `exclusive`, hard-linked) into place, and the folder flushed too, so that the
 * name survives a power loss with the whole content behind it.
 */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicallyOptions = {},
): Promise<void> {
  const slash = path.lastIndexOf("/");
  const folder = slash < 0 ? "." : path.slice(0, slash) || "/";
  const temporary = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${
    crypto.randomUUID().slice(0, 8)
  }.tmp`;
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  try {
    {
      using file = await Deno.open(temporary, { write: true, createNew: true });
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    }
    if (options.exclusive) await Deno.link(temporary, path);
    else await Deno.rename(temporary, path);
  } finally {
    await Deno.remove(temporary).catch(() => {});
  }
  await syncFolder(folder);
}

/** {@linkcode writeFileAtomically} for text. */
export function writeTextAtomically(
  path: string,
  text: string,
  options: WriteFileAtomicallyOptions = {},
): Promise<void> {
  return writeFileAtomically(path, text, options);
}

/** Flushes a folder's entries (names created, renamed or removed in it) to the disk. */
export async function syncFolder(folder: string): Promise<void> {
  using handle = await Deno.open(folder, { read: true });
  await handle.sync();
}
