// A CommonJS consumer: the packages are ESM only, which Node 20.19+ loads through require().
const assert = require("node:assert/strict")
const client = require("@tmi-effect/client")
const testing = require("@tmi-effect/client/testing")
const schema = require("@tmi-effect/schema")

assert.equal(typeof client.TmiClient.layer, "function")
assert.equal(typeof client.UsersApi.UsersApi, "function")
assert.ok(Object.keys(testing).length > 0)
assert.equal(typeof schema.DeletionChallenge, "function")
process.stdout.write("smoke: require() loads both packages\n")
