package ui

import "strconv"

// memo returns what fn computes from the scorecards as they are now, computing
// it once per key until any scorecard changes. Concurrent callers of a key being
// computed wait for that computation instead of repeating it.
func memo[T any](st *state, key string, fn func() (T, error)) (T, error) {
	c := st.c
	c.mu.Lock()
	if e, hit := c.memo[key]; hit && e.stamp == st.stamp {
		c.mu.Unlock()
		return e.val.(T), nil
	}
	flight := key + "\x00" + strconv.FormatUint(st.stamp, 16)
	if call, ok := c.inflight[flight]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
		case <-st.ctx.Done():
			var zero T
			return zero, st.ctx.Err()
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
		c.memo[key] = memoEntry{stamp: st.stamp, val: val}
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
