package collectors

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// hungPass is a pass over a/ok and a/hung whose pulls block until their ctx
// ends; onHang runs when a/hung's pulls start.
func hungPass(store *recordingStore, repoTimeout time.Duration, onHang func()) RepoPass[string] {
	return RepoPass[string]{
		Source: "gh", Concurrency: 1, SourceWide: errWide, Noun: "repo", RepoTimeout: repoTimeout,
		Name: func(r string) string { return r },
		Collect: func(ctx context.Context, repo string) ([]RepoFailure, int64) {
			return RepoSteps{
				Source: "gh", Repo: repo, Noun: "repo", Store: store, SourceWide: errWide,
				Classify: func(resource string, err error) error { return err },
				Log:      slog.New(slog.DiscardHandler), Forge: "github",
			}.Run(ctx, []Step{
				{Resource: model.ResourceRuns, Run: func(context.Context) error { return nil }},
				{Resource: model.ResourcePulls, Run: func(ctx context.Context) error {
					if repo != "a/hung" {
						return nil
					}
					onHang()
					<-ctx.Done()
					return ctx.Err()
				}},
				{Resource: model.ResourceDeployments, Run: func(context.Context) error {
					if repo == "a/hung" {
						panic("a step ran after its repo's deadline")
					}
					return nil
				}},
			}), 0
		},
	}
}

func TestARepoDeadlineIsAFailureOfThatRepoAndACancellationIsNot(t *testing.T) {
	t.Run("the repo's deadline fails that repo, recorded, and the pass goes on", func(t *testing.T) {
		store := &recordingStore{}
		var sum Summary
		err := RunRepos(context.Background(), hungPass(store, 50*time.Millisecond, func() {}),
			[]string{"a/hung", "a/ok"}, &sum)
		if err != nil {
			t.Fatalf("the pass failed: %v", err)
		}
		want := "repo a/hung: timed out after 50ms reading pulls"
		if sum.ReposFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0] != (RepoError{"a/hung", model.ResourcePulls, want}) {
			t.Fatalf("summary %+v", sum)
		}
		if len(store.recorded) != 1 || store.recorded[0] != "a/hung pulls: "+want {
			t.Fatalf("recorded %v", store.recorded)
		}
	})
	t.Run("the caller's cancellation stops the pass and fails no repo", func(t *testing.T) {
		store := &recordingStore{}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var sum Summary
		err := RunRepos(ctx, hungPass(store, time.Hour, cancel), []string{"a/hung", "a/ok"}, &sum)
		if err == nil || !strings.Contains(err.Error(), `source "gh": collection stopped: context canceled`) || errors.Is(err, ErrTimedOut) {
			t.Fatalf("err = %v, want the collection stopped", err)
		}
		if sum.ReposFailed != 0 || len(sum.Errors) != 0 || len(store.recorded) != 0 {
			t.Fatalf("summary %+v, recorded %v", sum, store.recorded)
		}
	})
	t.Run("the pass's deadline fails the repo in flight and those not reached, not the pass", func(t *testing.T) {
		store := &recordingStore{}
		ctx, cancel := withDeadline(context.Background(), true, 50*time.Millisecond)
		defer cancel()
		var sum Summary
		err := RunRepos(ctx, hungPass(store, time.Hour, func() {}), []string{"a/hung", "a/ok"}, &sum)
		if err != nil {
			t.Fatalf("the pass failed: %v", err)
		}
		want := []RepoError{
			{"a/hung", model.ResourcePulls, "repo a/hung: the pass timed out after 50ms while reading pulls"},
			{"a/ok", "", "repo a/ok: not reached: the pass timed out after 50ms"},
		}
		if sum.ReposFailed != 2 || len(sum.Errors) != 2 || sum.Errors[0] != want[0] || sum.Errors[1] != want[1] {
			t.Fatalf("summary %+v, want errors %+v", sum, want)
		}
		if len(store.recorded) != 1 || store.recorded[0] != "a/hung pulls: "+want[0].Err {
			t.Fatalf("recorded %v", store.recorded)
		}
	})
}

func TestFormatDurationWritesWhatAConfigFileWould(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Second: "2s", 10 * time.Minute: "10m", 2 * time.Hour: "2h",
		90 * time.Minute: "1h30m", 50 * time.Millisecond: "50ms", time.Hour + time.Second: "1h0m1s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
