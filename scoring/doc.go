// Package scoring implements the maturity model (v2): from a scope's stored facts
// and an evaluation instant it computes every metric, each dimension's level with
// the criteria that decided it, the overall level and score, and the next steps.
//
// The package is pure: no I/O, no clock. The caller loads facts (see Facts), picks
// the scope (see ResolveTeams) and passes as_of. Facts dated after as_of are
// invisible to an evaluation, so a back-filled weekly history (EvaluateHistory)
// shows what the model would have said at each Monday from the facts known now.
//
// Each dimension has its own file (automation.go, shift_left.go, remediation.go,
// review.go, delivery.go) declaring its metrics, each with its unit, direction,
// minimum sample, formula over pooled facts and next-step text, and its criteria
// per level. Those tables are the one source: config validation, levels, next
// steps and the UI's units (MetricInfo) all read them. The machinery they run on
// has files of its own: prepare*.go indexes facts once, window.go counts one
// repo at one instant, pool.go sums a scope, levels.go and next.go evaluate.
//
// docs/maturity-model.md is the user-facing description of every rule.
package scoring
