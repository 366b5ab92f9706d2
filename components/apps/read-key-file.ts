/** Reads an uploaded private key as text (the server accepts PEM text as well as base64). */
export async function readKeyFile(file: File | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  return (await file.text()).trim();
}
