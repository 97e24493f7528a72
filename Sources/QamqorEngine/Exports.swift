// The engine's one import: `import QamqorEngine` brings every layer, in order —
// QamqorSupport (bytes, numbers, dates, words) → QamqorCore (values and types, syntax, rules,
// records, check, evaluate, explain) → QamqorBatch (batches, impact, populations),
// QamqorRuleTests (rule tests) → QamqorScore (rankings). The service and the CLI build on it.
@_exported import QamqorBatch
@_exported import QamqorCore
@_exported import QamqorRuleTests
@_exported import QamqorScore
@_exported import QamqorSupport
