package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/internal/jobs"
)

func newJobsCmd(e *env) *cobra.Command {
	var limit int
	var asJSON bool
	cmd := needsConfig(e, &cobra.Command{
		Use:   "jobs --config FILE [--limit N] [--json]",
		Short: "List running and recent jobs (collections, digests): kind, source, replica, state, start, duration, error",
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		if limit < 1 {
			return usageErrorf("--limit %d: must be at least 1", limit)
		}
		q, _, err := openQueue(cmd.Context(), cfg)
		if err != nil {
			return err
		}
		defer q.Close()
		list, err := q.List(cmd.Context(), limit)
		if err != nil {
			return fmt.Errorf("database %s: %w", cfg.Database, err)
		}
		rows := jobRows(list, e.now())
		if asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		return writeJobTable(e.stdout, rows)
	})
	cmd.Flags().IntVar(&limit, "limit", 50, "show at most N jobs (running ones first)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// jobRow is one job as `paved jobs` shows it; --json prints these. Duration is
// the latest attempt's, a running one's so far; null when no attempt ended or runs
// (not yet started, or put back by a replica that stopped).
type jobRow struct {
	ID       int64      `json:"id"`
	Kind     string     `json:"kind"`
	Source   string     `json:"source,omitempty"`
	Replica  string     `json:"replica,omitempty"`
	State    string     `json:"state"`
	Attempt  int        `json:"attempt"`
	Start    *time.Time `json:"start"`
	Duration *float64   `json:"duration_seconds"`
	Error    string     `json:"error,omitempty"`
}

// jobRows are the jobs as shown at now; every text in them cleaned for a terminal
// (an error may quote a forge's answer).
func jobRows(list []jobs.Job, now time.Time) []jobRow {
	out := make([]jobRow, 0, len(list))
	for _, j := range list {
		r := jobRow{ID: j.ID, Kind: j.Kind, Source: termLine(j.Source), Replica: termLine(j.Replica),
			State: j.State, Attempt: j.Attempt, Error: termLine(j.Err)}
		if !j.Start.IsZero() {
			start := j.Start.UTC()
			r.Start = &start
			end := j.End
			if j.State == "running" {
				end = now
			}
			if !end.IsZero() {
				// Replicas' clocks may differ a little: never a negative duration.
				secs := max(end.Sub(start), 0).Seconds()
				r.Duration = &secs
			}
		}
		out = append(out, r)
	}
	return out
}

// writeJobTable prints rows as aligned columns, "-" where a field is empty.
func writeJobTable(w io.Writer, rows []jobRow) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no jobs yet: `paved serve` queues and runs them")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tSOURCE\tREPLICA\tSTATE\tSTART\tDURATION\tERROR")
	for _, r := range rows {
		start, dur := "-", "-"
		if r.Start != nil {
			start = r.Start.Format(time.RFC3339)
		}
		if r.Duration != nil {
			dur = roundDuration(time.Duration(*r.Duration * float64(time.Second))).String()
			if r.State == "running" {
				dur += " so far"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Kind, dash(r.Source), dash(r.Replica), r.State, start, dur, dash(r.Error))
	}
	return tw.Flush()
}

// roundDuration keeps a tenth of a second under a minute, whole seconds above.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
