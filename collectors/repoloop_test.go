package collectors

import (
	"context"
	"errors"
	"github.com/paved-dev/paved/model"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

var errWide = errors.New("source-wide failure")

func TestRunReposRecordsEachRepoFailureAndCarriesOn(t *testing.T) {
	repos := []string{"a/ok", "a/broken", "a/ok2"}
	var mu sync.Mutex
	var progress []Progress
	var sum Summary
	err := RunRepos(context.Background(), RepoPass[string]{
		Source: "gh", Concurrency: 2, SourceWide: errWide,
		Name: func(r string) string { return r },
		Collect: func(_ context.Context, r string) ([]RepoFailure, int64) {
			if r == "a/broken" {
				return []RepoFailure{{Resource: model.ResourceRuns, Err: errors.New("502")}}, 0
			}
			return nil, 7
		},
		Progress: func(p Progress) { mu.Lock(); progress = append(progress, p); mu.Unlock() },
	}, repos, &sum)
	if err != nil {
		t.Fatalf("a repo's failure stopped the pass: %v", err)
	}
	if sum.ReposFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0].Repo != "a/broken" || sum.Errors[0].Resource != model.ResourceRuns {
		t.Fatalf("summary %+v", sum)
	}
	if len(progress) != len(repos) {
		t.Fatalf("%d progress reports for %d repos", len(progress), len(repos))
	}
	for _, p := range progress {
		if (p.Err != nil) != (p.Repo == "a/broken") || (p.Err == nil && p.Records != 7) || p.Total != 3 {
			t.Errorf("progress %+v", p)
		}
	}
}

func TestRunReposStopsOnASourceWideFailure(t *testing.T) {
	repos := make([]string, 50)
	for i := range repos {
		repos[i] = "r"
	}
	var mu sync.Mutex
	collected := 0
	var sum Summary
	wide := errors.Join(errWide, errors.New("token rejected"))
	err := RunRepos(context.Background(), RepoPass[string]{
		Source: "gh", Concurrency: 1, SourceWide: errWide,
		Name: func(r string) string { return r },
		Collect: func(context.Context, string) ([]RepoFailure, int64) {
			mu.Lock()
			defer mu.Unlock()
			collected++
			return []RepoFailure{{Resource: model.ResourceRuns, Err: wide}}, 0
		},
	}, repos, &sum)
	if !errors.Is(err, errWide) || !strings.Contains(err.Error(), "token rejected") {
		t.Fatalf("err = %v, want the source-wide failure itself", err)
	}
	if collected > 2 || len(sum.Errors) != 0 {
		t.Fatalf("collected %d repos and recorded %v after a source-wide failure", collected, sum.Errors)
	}
}

type recordingStore struct {
	nopStore
	recorded []string
}

func (s *recordingStore) RecordError(_ context.Context, _, repo, resource, msg string, _ time.Time) error {
	s.recorded = append(s.recorded, repo+" "+resource+": "+msg)
	return nil
}

func TestRepoStepsRecordsFailuresAndStopsWithoutClosingOnASourceWideOne(t *testing.T) {
	store := &recordingStore{}
	closed := false
	steps := RepoSteps{
		Source: "gl", Repo: "g/p", Noun: "project", Store: store, SourceWide: errWide,
		Classify: func(resource string, err error) error { return err },
		Log:      slog.New(slog.DiscardHandler), Forge: "gitlab",
		Closing: &model.Batch{Cursors: []model.Cursor{{Resource: model.ResourcePulls}}},
		Apply:   func(context.Context, model.Batch) error { closed = true; return nil },
	}
	ran := 0
	failures := steps.Run(context.Background(), []Step{
		{Resource: model.ResourceRuns, Run: func(context.Context) error { ran++; return errors.New("boom") }},
		{Resource: model.ResourcePulls, Run: func(context.Context) error { ran++; return nil }},
	})
	if ran != 2 || len(failures) != 1 || failures[0].Resource != model.ResourceRuns {
		t.Fatalf("ran %d steps, failures %v", ran, failures)
	}
	if len(store.recorded) != 1 || store.recorded[0] != "g/p runs: boom" || !closed {
		t.Fatalf("recorded %v, closed %v", store.recorded, closed)
	}

	closed, ran = false, 0
	failures = steps.Run(context.Background(), []Step{
		{Resource: model.ResourceRuns, Run: func(context.Context) error { ran++; return errWide }},
		{Resource: model.ResourcePulls, Run: func(context.Context) error { ran++; return nil }},
	})
	if ran != 1 || len(failures) != 1 || closed {
		t.Fatalf("after a source-wide failure: ran %d, failures %v, closed %v", ran, failures, closed)
	}
}

func TestEncodePositionShedsMemosUntilItFits(t *testing.T) {
	type st struct {
		Next string   `json:"n"`
		Memo []string `json:"m"`
	}
	big := st{Next: "p2", Memo: make([]string, 100)}
	for i := range big.Memo {
		big.Memo[i] = strings.Repeat("x", 100)
	}
	enc := EncodePosition(big, func(s *st) { s.Memo = s.Memo[1:] })
	if len(enc) > MaxPosition {
		t.Fatalf("encoded %d bytes", len(enc))
	}
	got := DecodePosition[st](enc)
	if got.Next != "p2" || len(got.Memo) == 0 || len(got.Memo) == 100 {
		t.Fatalf("decoded next %q with %d memos", got.Next, len(got.Memo))
	}
	if z := DecodePosition[st]("{not json"); z.Next != "" || z.Memo != nil {
		t.Fatalf("an unreadable position decoded as %+v", z)
	}
}

func TestEncodePositionGivesUpWhenSheddingNoLongerShortensIt(t *testing.T) {
	type st struct {
		Next string `json:"n"`
	}
	done := make(chan string, 1)
	go func() { done <- EncodePosition(st{Next: strings.Repeat("x", MaxPosition)}, func(*st) {}) }()
	select {
	case enc := <-done:
		if enc != "" {
			t.Fatalf("an unshrinkable state encoded as %d bytes, want a fresh walk (\"\")", len(enc))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("EncodePosition kept shedding a state it could not shorten")
	}
}

func TestRunReposWithConcurrencyUnsetStillCollectsEveryRepo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var mu sync.Mutex
	collected := 0
	var sum Summary
	err := RunRepos(ctx, RepoPass[string]{
		Source: "gh", SourceWide: errWide,
		Name: func(r string) string { return r },
		Collect: func(context.Context, string) ([]RepoFailure, int64) {
			mu.Lock()
			collected++
			mu.Unlock()
			return nil, 0
		},
	}, []string{"a/one", "a/two"}, &sum)
	if err != nil || collected != 2 {
		t.Fatalf("err = %v, %d of 2 repos collected", err, collected)
	}
}
