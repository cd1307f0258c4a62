/**
 * Asking the person at the terminal. Nothing destructive happens in these examples
 * without an explicit "yes" typed here, or `--yes` on the command line.
 */
import { Console, Effect, Option } from "effect"
import * as Readline from "node:readline"

/** Whether `--yes` was passed: the answer to every question is then yes. */
export const assumeYes: boolean = process.argv.includes("--yes")

/**
 * One line from stdin, or `None` when there is none to read: stdin closed (no terminal,
 * as in CI) or Ctrl+C at the prompt.
 */
export const readLine = (prompt: string): Effect.Effect<Option.Option<string>> =>
  Effect.acquireUseRelease(
    Effect.sync(() => Readline.createInterface({ input: process.stdin, output: process.stdout })),
    (lines) =>
      Effect.async<Option.Option<string>>((resume) => {
        let answered = false
        const answer = (line: Option.Option<string>) => {
          if (answered) return
          answered = true
          resume(Effect.succeed(line))
        }
        lines.once("line", (line) => answer(Option.some(line)))
        lines.once("close", () => answer(Option.none()))
        lines.once("SIGINT", () => answer(Option.none()))
        lines.setPrompt(prompt)
        lines.prompt()
      }),
    (lines) => Effect.sync(() => lines.close())
  )

/** Asks `question`; only a typed "yes" (or `--yes`) counts as yes. */
export const confirm = (question: string): Effect.Effect<boolean> =>
  assumeYes
    ? Effect.as(Console.log(`${question} yes (--yes)`), true)
    : Effect.gen(function*() {
      const answer = yield* readLine(`${question} Type "yes" to go ahead: `)
      if (Option.isNone(answer)) yield* Console.log("\n(no answer: taken as no)")
      // Piped answers are not echoed by the terminal: show what was read.
      else if (!process.stdin.isTTY) yield* Console.log(answer.value)
      return Option.exists(answer, (text) => text.trim().toLowerCase() === "yes")
    })
