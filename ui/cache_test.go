package ui

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoComputesOncePerStamp(t *testing.T) {
	c := newCache(nil)
	st := &state{ctx: context.Background(), c: c, stamp: 1}
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v, err := memo(st, "k", func() (int, error) {
				calls.Add(1)
				<-release
				return 42, nil
			})
			if err != nil || v != 42 {
				t.Errorf("got %d, %v", v, err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("concurrent callers computed %d times, want once", n)
	}
	if v, _ := memo(st, "k", func() (int, error) { return 0, errors.New("recomputed") }); v != 42 {
		t.Errorf("a second call with the same stamp recomputed: %d", v)
	}
	st2 := &state{ctx: context.Background(), c: c, stamp: 2}
	if v, _ := memo(st2, "k", func() (int, error) { return 7, nil }); v != 7 {
		t.Errorf("a new stamp kept the old value: %d", v)
	}
}

func TestMemoDoesNotKeepErrors(t *testing.T) {
	c := newCache(nil)
	st := &state{ctx: context.Background(), c: c, stamp: 1}
	if _, err := memo(st, "k", func() (int, error) { return 0, errors.New("boom") }); err == nil {
		t.Fatal("error lost")
	}
	if v, err := memo(st, "k", func() (int, error) { return 5, nil }); err != nil || v != 5 {
		t.Errorf("after an error: %d, %v", v, err)
	}
}

func TestMemoStaysBounded(t *testing.T) {
	c := newCache(nil)
	st := &state{ctx: context.Background(), c: c, stamp: 1}
	for i := range memoLimit * 3 {
		if _, err := memo(st, "key-"+strconv.Itoa(i), func() (int, error) { return i, nil }); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.memo); n > memoLimit {
		t.Errorf("memo holds %d entries, limit %d", n, memoLimit)
	}
	if _, ok := c.memo["key-"+strconv.Itoa(memoLimit*3-1)]; !ok {
		t.Error("the newest entry was evicted")
	}
}
