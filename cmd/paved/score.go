package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/rescore"
)

func newScoreCmd(e *env) *cobra.Command {
	var asOf string
	cmd := needsConfig(e, &cobra.Command{
		Use:   "score --config FILE [--as-of RFC3339]",
		Short: "Recompute scores and weekly snapshots from stored facts (no network)",
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		at := e.now().UTC()
		if asOf != "" {
			var err error
			if at, err = time.Parse(time.RFC3339, asOf); err != nil {
				return usageErrorf("--as-of %q: not an RFC 3339 time such as 2026-11-23T00:00:00Z", asOf)
			}
		}
		a, err := openApp(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		return a.rescore(cmd.Context(), at.UTC(), true)
	})
	cmd.Flags().StringVar(&asOf, "as-of", "", "evaluation instant (default now)")
	return cmd
}

// rescore recomputes the scopes and prints one line. Unless full, it keeps the
// stored scorecards whose inputs did not change (rescore.Options.Full): after a
// collection, only the scopes and weeks the stored facts' changes reach. One
// rescoring runs at a time (a.rescoreMu).
func (a *app) rescore(ctx context.Context, asOf time.Time, full bool) error {
	return a.rescoreSaying(ctx, asOf, full, "scored")
}

// rescoreSaying is rescore with its line led by lead.
func (a *app) rescoreSaying(ctx context.Context, asOf time.Time, full bool, lead string) error {
	a.rescoreMu.Lock()
	defer a.rescoreMu.Unlock()
	start := time.Now()
	res, err := rescore.Run(ctx, a.db, rescore.Options{Teams: a.cfg.teamSpecs(), Config: a.cfg.scoringConfig(), AsOf: asOf, Full: full})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.env.stdout, "%s %d scopes over %d repos as of %s: %d scorecards (%d unchanged, kept) in %s\n",
		lead, res.Scopes, res.Repos, asOf.Format(time.RFC3339), res.Scorecards, res.Kept, time.Since(start).Round(time.Millisecond))
	return err
}
