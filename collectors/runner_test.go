package collectors

import (
	"context"
	"errors"
	"github.com/paved-dev/paved/model"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeCollector struct {
	name    string
	records int64
	err     error
	calls   *[]string
	mu      *sync.Mutex
}

func (f fakeCollector) Collect(ctx context.Context, store model.Store, opts RunOptions) (Summary, error) {
	f.mu.Lock()
	*f.calls = append(*f.calls, f.name)
	f.mu.Unlock()
	return Summary{Source: f.name, Records: f.records}, f.err
}

type nopStore struct{}

func (nopStore) Apply(context.Context, model.Batch) error { return nil }
func (nopStore) Cursor(_ context.Context, source, repo, resource string) (model.Cursor, error) {
	return model.Cursor{Source: source, Repo: repo, Resource: resource}, nil
}
func (nopStore) RunSamples(context.Context, string, int64) ([]model.RunSample, error) {
	return nil, nil
}
func (nopStore) RecordError(context.Context, string, string, string, string, time.Time) error {
	return nil
}

func TestRunAll(t *testing.T) {
	var calls []string
	var mu sync.Mutex
	mk := func(name string, n int64, err error) Collector {
		return fakeCollector{name: name, records: n, err: err, calls: &calls, mu: &mu}
	}
	cs := map[string]Collector{
		"gl":  mk("gl", 5, nil),
		"gh":  mk("gh", 7, errors.New(`source "gh": GitHub rejected the token (401 Bad credentials)`)),
		"ghe": mk("ghe", 1, errors.New("organisation vanished")),
	}
	now := func() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }

	t.Run("every source runs even when others fail, summaries in name order", func(t *testing.T) {
		calls = nil
		sums, err := RunAll(context.Background(), nopStore{}, cs, "", RunOptions{Now: now})
		slices.Sort(calls)
		if !slices.Equal(calls, []string{"gh", "ghe", "gl"}) {
			t.Fatalf("calls = %q", calls)
		}
		if len(sums) != 3 || sums[0].Source != "gh" || sums[1].Source != "ghe" || sums[2].Source != "gl" || sums[2].Records != 5 {
			t.Fatalf("summaries = %+v", sums)
		}
		if err == nil {
			t.Fatal("want the joined errors")
		}
		msg := err.Error()
		if strings.Count(msg, `source "gh"`) != 1 {
			t.Errorf("the gh error must name its source exactly once: %q", msg)
		}
		if !strings.Contains(msg, `source "ghe": organisation vanished`) {
			t.Errorf("an error without its source name gets it: %q", msg)
		}
		if strings.Contains(msg, "gl") {
			t.Errorf("a healthy source must not appear in the error: %q", msg)
		}
	})

	t.Run("a source that failed as a whole has a summary that says so", func(t *testing.T) {
		sums, _ := RunAll(context.Background(), nopStore{}, cs, "", RunOptions{Now: now})
		want := map[string]string{"gh": `source "gh": GitHub rejected the token (401 Bad credentials)`,
			"ghe": `source "ghe": organisation vanished`, "gl": ""}
		for _, s := range sums {
			if s.Failure != want[s.Source] || s.OK() != (want[s.Source] == "") {
				t.Errorf("%s: failure %q, OK %v; want %q", s.Source, s.Failure, s.OK(), want[s.Source])
			}
		}
	})

	t.Run("only runs the named source", func(t *testing.T) {
		calls = nil
		sums, err := RunAll(context.Background(), nopStore{}, cs, "gl", RunOptions{Now: now})
		if err != nil || len(sums) != 1 || sums[0].Source != "gl" || !slices.Equal(calls, []string{"gl"}) {
			t.Fatalf("sums=%+v err=%v calls=%q", sums, err, calls)
		}
	})

	t.Run("an unknown source name is an error naming it", func(t *testing.T) {
		_, err := RunAll(context.Background(), nopStore{}, cs, "nope", RunOptions{Now: now})
		if err == nil || !strings.Contains(err.Error(), `"nope"`) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("a cancelled context collects nothing and says so per source", func(t *testing.T) {
		calls = nil
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := RunAll(ctx, nopStore{}, cs, "", RunOptions{Now: now})
		if len(calls) != 0 || !errors.Is(err, context.Canceled) {
			t.Fatalf("calls=%q err=%v", calls, err)
		}
	})
}

// waitingCollector's pass lasts until other's pass is done: run one after
// the other in name order, the two would never end.
type waitingCollector struct{ other <-chan struct{} }

func (w waitingCollector) Collect(ctx context.Context, _ model.Store, _ RunOptions) (Summary, error) {
	select {
	case <-w.other:
		return Summary{Records: 1}, nil
	case <-ctx.Done():
		return Summary{}, ctx.Err()
	}
}

type closingCollector struct{ done chan struct{} }

func (c closingCollector) Collect(context.Context, model.Store, RunOptions) (Summary, error) {
	close(c.done)
	return Summary{Records: 2}, nil
}

func TestRunAllRunsSourcesAtOnceSoABlockedOneHoldsUpNoOther(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan struct{})
	sums, err := RunAll(ctx, nopStore{}, map[string]Collector{
		"a-blocked": waitingCollector{other: done}, "b-free": closingCollector{done: done},
	}, "", RunOptions{})
	if err != nil {
		t.Fatalf("the blocked source was never released: %v", err)
	}
	if len(sums) != 2 || sums[0].Source != "a-blocked" || sums[0].Records != 1 || sums[1].Source != "b-free" || sums[1].Records != 2 {
		t.Fatalf("summaries = %+v", sums)
	}
}
