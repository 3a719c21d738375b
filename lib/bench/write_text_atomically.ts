/**
 * Writes `text` to `path` through a temporary file beside it and a rename, so a kill or an error
 * mid-write never leaves half a file where a whole one was (or is expected).
 */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const temporary = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.tmp`;
  await Deno.writeTextFile(temporary, text);
  await Deno.rename(temporary, path);
}
