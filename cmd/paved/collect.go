package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/collectors"
)

func newCollectCmd(e *env) *cobra.Command {
	var only string
	var full bool
	cmd := needsConfig(e, &cobra.Command{
		Use:   "collect --config FILE [--source NAME] [--full]",
		Short: "Run one collection pass, then rescore",
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		// Tokens and sources are checked before the database is touched.
		if _, err := buildCollectors(e, cfg, only, nil); err != nil {
			return err
		}
		a, err := openApp(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		return a.collect(cmd.Context(), only, full)
	})
	cmd.Flags().StringVar(&only, "source", "", "collect only this source")
	cmd.Flags().BoolVar(&full, "full", false, "ignore watermarks and ETags: fetch everything again")
	return cmd
}

// collect runs one pass, prints a summary line per source, and fails unless every
// repo of every source synced.
func (a *app) collect(ctx context.Context, only string, full bool) error {
	cs, err := a.collectors(only)
	if err != nil {
		return err
	}
	prog := newProgress(a.env)
	sums, runErr := collectors.RunAll(ctx, a.db, cs, only, collectors.RunOptions{
		Full: full, Now: a.env.now, Progress: prog.update, OnWindow: a.windowRescore(ctx),
	})
	prog.done()
	failed := 0
	for _, s := range sums {
		a.metrics.observe(s)
		fmt.Fprintln(a.env.stdout, summaryLine(s))
		if !s.OK() {
			failed++
		}
	}
	if runErr != nil {
		return runErr
	}
	// Rescore even after a partial failure: what was stored is consistent per page.
	// Incrementally: only what the pass's changes reach is recomputed.
	if err := a.rescore(ctx, a.env.now().UTC(), false); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("collect: %d source(s) had repos that did not sync; see paved's /sync page or the lines above", failed)
	}
	return nil
}

// windowRescore is the pass's OnWindow: once a source's latest window is
// stored and before its history deepens, the scorecards are computed, so a
// first collection shows them long before its history is read.
func (a *app) windowRescore(ctx context.Context) func(source string) {
	return func(source string) {
		lead := termLine(source) + ": every repo's latest window stored, history to read next; first scorecards:"
		if err := a.rescoreSaying(ctx, a.env.now().UTC(), false, lead); err != nil && ctx.Err() == nil {
			a.env.logger().Error("rescore before deepening history failed", "source", source, "err", err)
		}
	}
}

// summaryLine is a source's outcome; repo names and errors in it are forge
// text, cleaned (termLine). A pass that stopped for the whole source says so
// first: its counts are only what it did before.
func summaryLine(s collectors.Summary) string {
	counts := fmt.Sprintf("%d repos synced, %d failed, %d records, %d requests (%d not modified) in %s",
		s.Repos-s.ReposFailed, s.ReposFailed, s.Records, s.Requests, s.NotModified, s.Duration.Round(1e6))
	if s.HistoryPending > 0 {
		counts += fmt.Sprintf("; history still to read for %d repos", s.HistoryPending)
	}
	line := termLine(s.Source) + ": " + counts
	if s.Failure != "" {
		why := strings.TrimPrefix(s.Failure, fmt.Sprintf("source %q: ", s.Source))
		line = fmt.Sprintf("%s: source failed: %s; before it stopped: %s", termLine(s.Source), termLine(why), counts)
	}
	for i, e := range s.Errors {
		if i == 5 {
			line += fmt.Sprintf("\n  … and %d more errors", len(s.Errors)-5)
			break
		}
		line += fmt.Sprintf("\n  %s %s: %s", termLine(e.Repo), termLine(e.Resource), termLine(e.Err))
	}
	return line
}
