/**
 * A minimal TMI stand-in on 127.0.0.1 with canned answers, run as its own process so its
 * work never shares an event loop with the side being measured. Prints `{"port":N}` once
 * listening; exits when its parent closes stdin.
 */
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import { challengeBody, smallTransferResult } from "./fixtures.js"

const rateLimitHeaders = { "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "999", "x-ratelimit-reset": "60" }

let requestCounter = 0

const answer = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": `bench-${++requestCounter}`,
    ...rateLimitHeaders
  })
  response.end(body)
}

const route = (request: IncomingMessage, response: ServerResponse) => {
  const path = request.url ?? "/"
  if (request.method === "POST" && path === "/me/transfer") return answer(response, 200, smallTransferResult)
  if (request.method === "DELETE" && path === "/me") return answer(response, 200, challengeBody(Date.now()))
  answer(response, 404, JSON.stringify({ error: "not_found", error_description: "no such bench route" }))
}

const server = createServer((request, response) => {
  // Drain the request body before answering, as a real server would.
  request.resume()
  request.on("end", () => route(request, response))
})
server.keepAliveTimeout = 60_000

server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("server has no port")
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`)
})

process.stdin.resume()
process.stdin.on("end", () => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
})
