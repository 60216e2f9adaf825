package ui

import (
	"context"
	"strconv"
)

// memo returns what fn computes from the scorecards as they are now, computing
// it once per key until any scorecard changes. Concurrent callers of a key being
// computed wait for that computation instead of repeating it.
func memo[T any](st *state, key string, fn func() (T, error)) (T, error) {
	return memoAt(st.ctx, st.c, key, st.stamp, strconv.FormatUint(st.stamp, 16), fn)
}

// live returns what fn reads from the database as it is now, computing it once
// per key and commit (SQLite's data_version), for values read from facts and
// sync state, which every page of a collection changes. While commits stream in,
// a request that finds the key being computed waits for that computation and
// takes its value, at most one computation older than the request, so each key
// costs one computation at a time however many clients ask.
func live[T any](ctx context.Context, c *cache, key string, fn func() (T, error)) (T, error) {
	dv, err := c.commits.Read(ctx)
	if err != nil {
		return fn()
	}
	return memoAt(ctx, c, "live:"+key, uint64(dv), "", fn)
}

// memoAt returns the value of key at stamp, computing it with fn when the memo
// holds another stamp's. Callers of the same key and flight wait for the
// computation under way instead of repeating it.
func memoAt[T any](ctx context.Context, c *cache, key string, stamp uint64, flight string, fn func() (T, error)) (T, error) {
	c.mu.Lock()
	if e, hit := c.memo[key]; hit && e.stamp == stamp {
		c.mu.Unlock()
		return e.val.(T), nil
	}
	flight = key + "\x00" + flight
	if call, ok := c.inflight[flight]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if call.err == nil {
			return call.val.(T), nil
		}
		// The other request failed, perhaps only because it was cancelled:
		// try on this request's behalf.
		return fn()
	}
	call := &memoCall{done: make(chan struct{})}
	c.inflight[flight] = call
	c.mu.Unlock()

	val, err := fn()
	call.val, call.err = val, err
	c.mu.Lock()
	delete(c.inflight, flight)
	if err == nil {
		// Evict one entry at random rather than everything, so a stream of
		// distinct requests cannot keep the costly shared values cold.
		for k := range c.memo {
			if len(c.memo) < memoLimit {
				break
			}
			delete(c.memo, k)
		}
		c.memo[key] = memoEntry{stamp: stamp, val: val}
	}
	c.mu.Unlock()
	close(call.done)
	return val, err
}

type memoCall struct {
	done chan struct{}
	val  any
	err  error
}
