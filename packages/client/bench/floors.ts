/**
 * The floors: one request plus `JSON.parse`, nothing else, over the same endpoints as the
 * client. Kept apart from the client's module so that a floor's process loads no Effect.
 */
import { request } from "undici"
import { targetUserId, token } from "./fixtures.js"

export type Operation = "transferCurrentUserOwnership" | "deleteUserAccount"

export const operations: ReadonlyArray<Operation> = ["transferCurrentUserOwnership", "deleteUserAccount"]

const transferBody = JSON.stringify({ target_user_id: targetUserId })

/** What both floors send for `operation`: the same request the client sends. */
const floorRequest = (baseUrl: string, operation: Operation) => {
  const transfer = operation === "transferCurrentUserOwnership"
  return {
    url: `${baseUrl}${transfer ? "/me/transfer" : "/me"}`,
    method: transfer ? "POST" : "DELETE",
    headers: {
      accept: "application/json",
      authorization: `Bearer ${token}`,
      ...(transfer ? { "content-type": "application/json" } : {})
    },
    ...(transfer ? { body: transferBody } : {})
  } as const
}

const ok = (side: string, status: number) => {
  if (status !== 200) throw new Error(`${side} floor got status ${status}`)
}

/** `undici.request` + `JSON.parse`: the least a Node program can do for one call. */
export const undiciFloorCall = (baseUrl: string, operation: Operation) => {
  const { url, ...options } = floorRequest(baseUrl, operation)
  return async (): Promise<unknown> => {
    const response = await request(url, options)
    const text = await response.body.text()
    ok("undici", response.statusCode)
    return JSON.parse(text)
  }
}

/** The global `fetch` + `JSON.parse`. */
export const fetchFloorCall = (baseUrl: string, operation: Operation) => {
  const { url, ...init } = floorRequest(baseUrl, operation)
  return async (): Promise<unknown> => {
    const response = await fetch(url, init)
    const text = await response.text()
    ok("fetch", response.status)
    return JSON.parse(text)
  }
}
