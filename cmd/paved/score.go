package main

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/scoring"
)

func newScoreCmd(e *env) *cobra.Command {
	var cfgPath, asOf string
	cmd := &cobra.Command{
		Use:   "score --config FILE [--as-of RFC3339]",
		Short: "Recompute scores and weekly snapshots from stored facts (no network)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := requireConfig(e, cfgPath)
			if err != nil {
				return err
			}
			at := e.now().UTC()
			if asOf != "" {
				if at, err = time.Parse(time.RFC3339, asOf); err != nil {
					return usageErrorf("--as-of %q: not an RFC 3339 time such as 2026-11-23T00:00:00Z", asOf)
				}
			}
			a, err := openApp(cmd.Context(), e, cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			return a.rescore(cmd.Context(), at.UTC())
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (YAML)")
	cmd.Flags().StringVar(&asOf, "as-of", "", "evaluation instant (default now)")
	return cmd
}

// rescore recomputes every scope and prints one line. One rescoring runs at
// a time (a.rescoreMu).
func (a *app) rescore(ctx context.Context, asOf time.Time) error {
	a.rescoreMu.Lock()
	defer a.rescoreMu.Unlock()
	start := time.Now()
	res, err := rescore.Run(ctx, a.db, rescore.Options{Teams: a.teamSpecs(), Config: a.scoringConfig(), AsOf: asOf})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.env.stdout, "scored %d scopes over %d repos as of %s: %d scorecards in %s\n",
		res.Scopes, res.Repos, asOf.Format(time.RFC3339), res.Scorecards, time.Since(start).Round(time.Millisecond))
	return err
}

// scoringConfig is the model configuration; the config file was validated at load.
func (a *app) scoringConfig() scoring.Config {
	c := scoring.DefaultConfig()
	c.Thresholds = a.cfg.Model
	c.SLADays = slaDays(a.cfg)
	c.Bots = a.cfg.Bots
	c.ProductionPattern = regexp.MustCompile(a.cfg.ProductionEnvironments)
	return c
}

func (a *app) teamSpecs() []scoring.TeamSpec {
	out := make([]scoring.TeamSpec, 0, len(a.cfg.Teams))
	for _, t := range a.cfg.Teams {
		out = append(out, scoring.TeamSpec{Name: t.Name, Slug: t.Slug, Repos: t.Repos, GitHubTeam: t.GitHubTeam, GitLabGroup: t.GitLabGroup})
	}
	return out
}
