/**
 * Random values the fake hands out. They come from the platform's CSPRNG rather than
 * Effect's `Random`, so tokens printed by the fake server stay unguessable like real ones.
 *
 * @internal
 */

/** @internal */
export const randomBytes = (length: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(length))

/** URL-safe base64 (RFC 4648 section 5), with `=` padding unless `padding` is false. @internal */
export const base64Url = (bytes: Uint8Array, options: { readonly padding: boolean }): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  const encoded = globalThis.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_")
  return options.padding ? encoded : encoded.replace(/=+$/, "")
}

/** @internal */
export const base64UrlJson = (value: unknown): string =>
  base64Url(new TextEncoder().encode(JSON.stringify(value)), { padding: false })
