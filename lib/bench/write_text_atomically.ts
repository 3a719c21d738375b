/**
 * Writes `data` to `path` through a temporary file beside it and a rename, so a kill or an error
 * mid-write never leaves half a file where a whole one was (or is expected).
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const temporary = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.tmp`;
  if (typeof data === "string") await Deno.writeTextFile(temporary, data);
  else await Deno.writeFile(temporary, data);
  await Deno.rename(temporary, path);
}

/** {@linkcode writeFileAtomically} for text. */
export function writeTextAtomically(path: string, text: string): Promise<void> {
  return writeFileAtomically(path, text);
}
