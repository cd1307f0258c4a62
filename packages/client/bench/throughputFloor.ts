/** Throughput of the undici floor: as many async workers as calls in flight, sharing a counter. */
import { undiciFloorCall } from "./floors.js"
import { baseUrl, concurrency, measureThroughput } from "./throughput.js"

const call = undiciFloorCall(baseUrl, "transferCurrentUserOwnership")

measureThroughput(async (count) => {
  let started = 0
  const worker = async () => {
    while (started++ < count) await call()
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
})
