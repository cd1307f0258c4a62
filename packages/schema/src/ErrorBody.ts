/**
 * The error body every failing TMI response carries.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Text1000 } from "./Text.js"

/**
 * Structured context some error bodies carry.
 *
 * @since 0.1.0
 * @category models
 */
export class ErrorDetails extends Schema.Class<ErrorDetails>("ErrorDetails")({
  code: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(512), Schema.pattern(/^[a-zA-Z0-9_-]*$/)), {
    exact: true
  }),
  context: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { exact: true }),
  suggestion: Schema.optionalWith(Text1000, { exact: true })
}) {}

const errorUriPattern = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s]*$/

/**
 * The contract's standard error body, `{ error, error_description, error_uri?, details? }`.
 *
 * @since 0.1.0
 * @category models
 */
export class ErrorBody extends Schema.Class<ErrorBody>("ErrorBody")({
  error: Text1000,
  errorDescription: Schema.propertySignature(Text1000).pipe(Schema.fromKey("error_description")),
  errorUri: Schema.optionalWith(
    Schema.String.pipe(
      Schema.maxLength(1000),
      Schema.pattern(errorUriPattern, { jsonSchema: { format: "uri", pattern: errorUriPattern.source } })
    ),
    { exact: true }
  ).pipe(Schema.fromKey("error_uri")),
  details: Schema.optionalWith(Schema.NullOr(ErrorDetails), { exact: true })
}) {}
