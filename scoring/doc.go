// Package scoring implements the maturity model (v1): from a scope's stored facts
// and an evaluation instant it computes every metric, each dimension's level with
// the criteria that decided it, the overall level and score, and the next steps.
//
// The package is pure: no I/O, no clock. The caller loads facts (see Facts), picks
// the scope (see ResolveTeams) and passes as_of. Facts dated after as_of are
// invisible to an evaluation, so a back-filled weekly history (EvaluateHistory)
// shows what the model would have said at each Monday from the facts known now.
//
// docs/maturity-model.md is the user-facing description of every rule.
package scoring
