import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** The TMI contract, read from the shared folder beside the repository; never copied in. */
export const specPath = fileURLToPath(new URL("../../../../shared/tmi/tmi-openapi.json", import.meta.url))

export const specAbsentReason = `TMI contract not found at ${specPath}`

export const specPresent = existsSync(specPath)

export interface OpenApi {
  readonly info: { readonly version: string }
  readonly components: {
    readonly schemas: Record<string, JsonObject>
    readonly responses?: Record<string, JsonObject>
  }
  readonly paths: Record<string, Record<string, JsonObject>>
}

export type JsonObject = { readonly [key: string]: unknown }

export const loadSpec = (): OpenApi => JSON.parse(readFileSync(specPath, "utf8")) as OpenApi
