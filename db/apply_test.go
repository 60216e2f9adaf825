package db

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestApplyStoresEveryRecordKind(t *testing.T) {
	d := openTest(t)
	b := fullBatch()
	apply(t, d, b)

	want := wantCounts(b)
	if got := counts(t, d); !maps.Equal(got, want) {
		t.Fatalf("counts = %v, want %v", got, want)
	}

	t.Run("applying the same batch again changes no count", func(t *testing.T) {
		apply(t, d, fullBatch())
		if got := counts(t, d); !maps.Equal(got, want) {
			t.Fatalf("counts after re-apply = %v, want %v", got, want)
		}
	})

	t.Run("re-applying with changed fields updates them in place", func(t *testing.T) {
		changed := fullBatch()
		changed.Runs[1].Status = "completed"
		changed.Runs[1].Conclusion = "failure"
		changed.Runs[1].CompletedAt = at(1)
		changed.Findings[0].State = "dismissed"
		changed.Findings[0].Outcome = model.OutcomeRiskAccepted
		changed.Findings[0].ResolvedAt = at(1)
		changed.PullRequests[1].State = "merged"
		changed.PullRequests[1].MergedAt = at(1)
		changed.Deployments[0].Status = "failure"
		changed.Repos[0].DefaultBranch = "develop"
		apply(t, d, changed)

		if got := counts(t, d); !maps.Equal(got, want) {
			t.Fatalf("counts after update = %v, want %v", got, want)
		}
		var conclusion string
		var completed int64
		queryRow(t, d, `SELECT conclusion, CAST(completed_at AS BIGINT) FROM runs WHERE forge_id = 9002`, &conclusion, &completed)
		if conclusion != "failure" || completed != at(1).Unix() {
			t.Errorf("run 9002 = %q at %d, want failure at %d", conclusion, completed, at(1).Unix())
		}
		var outcome string
		var resolved int64
		queryRow(t, d, `SELECT outcome, CAST(resolved_at AS BIGINT) FROM findings WHERE kind = 'code_scanning' AND forge_id = '1'`, &outcome, &resolved)
		if outcome != model.OutcomeRiskAccepted || resolved != at(1).Unix() {
			t.Errorf("finding = %q resolved %d, want %q resolved %d", outcome, resolved, model.OutcomeRiskAccepted, at(1).Unix())
		}
		var merged int64
		queryRow(t, d, `SELECT CAST(merged_at AS BIGINT) FROM pull_requests WHERE number = 13`, &merged)
		if merged != at(1).Unix() {
			t.Errorf("PR 13 merged_at = %d, want %d", merged, at(1).Unix())
		}
		var status string
		queryRow(t, d, `SELECT status FROM deployments WHERE forge_id = 600`, &status)
		if status != "failure" {
			t.Errorf("deployment status = %q, want failure", status)
		}
		repos, err := d.Repos(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range repos {
			if r.ForgeID == 101 && r.DefaultBranch != "develop" {
				t.Errorf("repo 101 default branch = %q, want develop", r.DefaultBranch)
			}
		}
	})
}

func queryRow(t *testing.T, d *DB, q string, dst ...any) {
	t.Helper()
	if err := d.Reader().QueryRow(q).Scan(dst...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestApplyStoresFieldsFaithfully(t *testing.T) {
	d := openTest(t)
	b := fullBatch()
	apply(t, d, b)

	t.Run("a run keeps its lists, flags and times", func(t *testing.T) {
		var prs, cats string
		var fetched bool
		var created, started int64
		var attempt int
		queryRow(t, d, `SELECT pr_numbers, scan_categories, jobs_fetched, CAST(created_at AS BIGINT), CAST(started_at AS BIGINT), attempt FROM runs WHERE forge_id = 9001`,
			&prs, &cats, &fetched, &created, &started, &attempt)
		r := b.Runs[0]
		if got := splitInts(prs); !slices.Equal(got, r.PullRequestNumbers) {
			t.Errorf("pr numbers = %v, want %v", got, r.PullRequestNumbers)
		}
		if got := split(cats, ","); strings.Join(got, "|") != strings.Join(r.ScanCategories, "|") {
			t.Errorf("scan categories = %v, want %v", got, r.ScanCategories)
		}
		if !fetched || created != r.CreatedAt.Unix() || started != r.StartedAt.Unix() || attempt != r.Attempt {
			t.Errorf("run = fetched %v created %d started %d attempt %d, want %+v", fetched, created, started, attempt, r)
		}
	})

	t.Run("an unknown time is stored as NULL", func(t *testing.T) {
		var n int
		queryRow(t, d, `SELECT count(*) FROM runs WHERE forge_id = 9002 AND completed_at IS NULL AND started_at IS NULL`, &n)
		if n != 1 {
			t.Errorf("run 9002 without start and completion has non-NULL times")
		}
	})

	t.Run("a job keeps its steps in order", func(t *testing.T) {
		var steps string
		queryRow(t, d, `SELECT steps FROM jobs WHERE forge_id = 50`, &steps)
		if got := split(steps, "\n"); strings.Join(got, "|") != strings.Join(b.Jobs[0].Steps, "|") {
			t.Errorf("steps = %q, want %q", got, b.Jobs[0].Steps)
		}
	})

	t.Run("a multi-line rule text keeps its newline", func(t *testing.T) {
		var text string
		queryRow(t, d, `SELECT rule_text FROM findings WHERE kind = 'code_scanning'`, &text)
		if text != b.Findings[0].RuleText {
			t.Errorf("rule text = %q, want %q", text, b.Findings[0].RuleText)
		}
	})

	t.Run("repos read back equal what was stored", func(t *testing.T) {
		repos, err := d.Repos(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(repos) != len(b.Repos) {
			t.Fatalf("got %d repos, want %d", len(repos), len(b.Repos))
		}
		byID := map[int64]model.Repo{}
		for _, r := range repos {
			byID[r.ForgeID] = r
		}
		for _, want := range b.Repos {
			if got := byID[want.ForgeID]; got != want {
				t.Errorf("repo %d = %+v, want %+v", want.ForgeID, got, want)
			}
		}
	})

	t.Run("forge teams read back with their repos", func(t *testing.T) {
		teams, err := d.ForgeTeams(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int64{}
		for _, ft := range teams {
			got[ft.Slug] = ft.RepoForgeIDs
		}
		for _, want := range b.Teams {
			if !slices.Equal(got[want.Slug], want.RepoForgeIDs) {
				t.Errorf("team %s repos = %v, want %v", want.Slug, got[want.Slug], want.RepoForgeIDs)
			}
		}
	})
}

func TestApplyReplacesForgeTeamMembership(t *testing.T) {
	d := openTest(t)
	apply(t, d, fullBatch())
	apply(t, d, model.Batch{Source: "gh", Teams: []model.ForgeTeam{
		{ForgeID: 7, Slug: "payments", Name: "Payments", RepoForgeIDs: []int64{102}},
	}})
	teams, err := d.ForgeTeams(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, ft := range teams {
		if ft.ForgeID == 7 && !slices.Equal(ft.RepoForgeIDs, []int64{102}) {
			t.Errorf("team 7 repos = %v, want only 102 after it lost repo 101", ft.RepoForgeIDs)
		}
	}
}

func TestApplyIsAllOrNothing(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(b *model.Batch)
		inErr  string
	}{
		{"a run of an unknown repo stores nothing", func(b *model.Batch) {
			b.Runs = append(b.Runs, model.PipelineRun{Source: "gh", RepoForgeID: 999, ForgeID: 1})
		}, "999"},
		{"a finding of an unknown repo stores nothing", func(b *model.Batch) {
			b.Findings = append(b.Findings, model.Finding{Source: "gh", RepoForgeID: 998, Kind: "dependabot", ForgeID: "9"})
		}, "998"},
		{"a team listing an unknown repo stores nothing", func(b *model.Batch) {
			b.Teams[0].RepoForgeIDs = append(b.Teams[0].RepoForgeIDs, 997)
		}, "997"},
		{"a repo of another source is unknown", func(b *model.Batch) {
			b.Reviews = append(b.Reviews, model.Review{Source: "gl", RepoForgeID: 101, Kind: "review", ForgeID: 5})
		}, "gl/101"},
		{"an observation without a time stores nothing", func(b *model.Batch) {
			b.Observations = append(b.Observations, model.ScannerObservation{Source: "gh", RepoForgeID: 101, Feature: "code_scanning"})
		}, "observed_at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := openTest(t)
			b := fullBatch()
			tc.break_(&b)
			err := d.Apply(context.Background(), b)
			if err == nil {
				t.Fatal("apply succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.inErr) {
				t.Errorf("error %q does not name %q", err, tc.inErr)
			}
			for kind, n := range counts(t, d) {
				if n != 0 {
					t.Errorf("%d %s stored from a failed batch", n, kind)
				}
			}
			c := b.Cursors[0]
			got, err := d.Cursor(context.Background(), c.Source, c.Repo, c.Resource)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Watermark.IsZero() || got.Items != 0 {
				t.Errorf("cursor of a failed batch was stored: %+v", got)
			}
		})
	}
}

func TestApplyFillsAnEmptySourceFromTheBatch(t *testing.T) {
	d := openTest(t)
	apply(t, d, model.Batch{
		Source: "gl",
		Repos:  []model.Repo{{ForgeID: 5, FullName: "acme/platform/api"}},
		Runs:   []model.PipelineRun{{RepoForgeID: 5, ForgeID: 77}},
	})
	repos, err := d.Repos(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) != 1 || repos[0].Source != "gl" {
		t.Fatalf("repos = %+v, want one repo of source gl", repos)
	}
	if got := counts(t, d)["runs"]; got != 1 {
		t.Errorf("runs = %d, want 1", got)
	}
}

func TestApplyCleansUntrustedStrings(t *testing.T) {
	d := openTest(t)
	b := model.Batch{
		Source: "gh",
		Repos:  []model.Repo{{ForgeID: 1, FullName: "acme/x\x1b[31m\x00"}},
		PullRequests: []model.PullRequest{
			{RepoForgeID: 1, Number: 1, Title: strings.Repeat("é", 2000), Author: "a\r\nb"},
		},
		Findings: []model.Finding{
			{RepoForgeID: 1, Kind: "code_scanning", ForgeID: "1", RuleText: "line one\nline\ttwo\x07" + strings.Repeat("x", 10000)},
		},
	}
	apply(t, d, b)

	var name, title, author, text string
	queryRow(t, d, `SELECT full_name FROM repos`, &name)
	queryRow(t, d, `SELECT title, author FROM pull_requests`, &title, &author)
	queryRow(t, d, `SELECT rule_text FROM findings`, &text)
	if name != "acme/x[31m" {
		t.Errorf("full name = %q, want control characters stripped", name)
	}
	if len(title) > maxName || !strings.HasPrefix(title, "éé") || strings.ContainsRune(title, '\uFFFD') {
		t.Errorf("title is %d bytes (max %d) or was cut inside a character", len(title), maxName)
	}
	if author != "ab" {
		t.Errorf("author = %q, want line breaks stripped", author)
	}
	if len(text) > maxText || !strings.HasPrefix(text, "line one\nline\ttwo") || strings.ContainsRune(text, '\a') {
		t.Errorf("rule text = %.40q… (%d bytes), want newlines kept, bell dropped, at most %d bytes", text, len(text), maxText)
	}
}

func TestApplyWithACancelledContextStoresNothing(t *testing.T) {
	d := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Apply(ctx, fullBatch()); !errors.Is(err, context.Canceled) {
		t.Fatalf("apply = %v, want context.Canceled", err)
	}
	for kind, n := range counts(t, d) {
		if n != 0 {
			t.Errorf("%d %s stored by a cancelled apply", n, kind)
		}
	}
}
