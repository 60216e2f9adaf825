// Package digest is Paved's weekly digest: what changed in the organisation's
// maturity in the 7 days to its as_of, sent by email, Slack and Microsoft Teams.
//
// Build reads the stored weekly snapshots into a Digest (the model); RenderHTML,
// RenderText, SlackPayload and TeamsPayload turn it into each format; Deliver
// sends it on each Channel at most once per ISO week, recording every outcome in
// the database so that a failed channel is retried by the next run.
//
//	d, err := digest.Build(ctx, store, digest.Options{Week: digest.WeekOf(now()), Config: scoringCfg, DashboardURL: cfg.URL})
//	results, err := digest.Deliver(ctx, store, d.Week, channels, d, now)
//
// Like the rest of the UI, the digest only reads what collection and scoring
// stored; it never calls a forge.
package digest
