package db

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestReadersRunWhileTheWriterApplies(t *testing.T) {
	ctx, d := setUp(t, fullBatch())

	const batches, perBatch = 40, 50
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 16)

	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				var err error
				if r%2 == 0 {
					_, err = d.Counts(ctx)
				} else {
					_, err = d.SyncStatus(ctx)
				}
				if err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
			}
		}()
	}

	// A second writer goroutine contends for the single writer connection.
	writers := 2
	var wwg sync.WaitGroup
	for w := range writers {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for i := range batches {
				b := model.Batch{Source: "gh"}
				for j := range perBatch {
					id := int64(w*1_000_000 + i*perBatch + j)
					b.Runs = append(b.Runs, model.PipelineRun{RepoForgeID: 101, ForgeID: id, Status: "completed", CreatedAt: at(1)})
				}
				b.Cursors = []model.Cursor{{Repo: fmt.Sprintf("acme/w%d", w), Resource: "runs", Items: int64((i + 1) * perBatch)}}
				if err := d.Apply(ctx, b); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wwg.Wait()
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := int64(len(fullBatch().Runs) + writers*batches*perBatch)
	if got := counts(t, d)["runs"]; got != want {
		t.Errorf("runs = %d, want %d", got, want)
	}
}

func TestTwoProcessesShareTheFile(t *testing.T) {
	// Two DB values on one file stand for `paved serve` and a `paved collect` run:
	// their writers take turns through BEGIN IMMEDIATE and the busy timeout.
	ctx := context.Background()
	first := openTest(t)
	second, err := Open(ctx, first.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	apply(t, first, fullBatch())

	const batches = 30
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w, d := range []*DB{first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range batches {
				b := model.Batch{Source: "gh", Runs: []model.PipelineRun{{RepoForgeID: 102, ForgeID: int64(w*1000 + i)}}}
				if err := d.Apply(ctx, b); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := counts(t, second)["runs"], int64(len(fullBatch().Runs)+2*batches); got != want {
		t.Errorf("runs = %d, want %d", got, want)
	}
}
