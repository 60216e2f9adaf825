package db

import (
	"context"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestCursorRoundTrip(t *testing.T) {
	ctx, d := setUp(t)

	t.Run("an unknown cursor comes back zero with its keys set", func(t *testing.T) {
		c, err := d.Cursor(ctx, "gh", "acme/api", model.ResourcePulls)
		if err != nil {
			t.Fatal(err)
		}
		want := model.Cursor{Source: "gh", Repo: "acme/api", Resource: model.ResourcePulls}
		if c != want {
			t.Errorf("cursor = %+v, want %+v", c, want)
		}
	})

	stored := model.Cursor{
		Source: "gh", Repo: "acme/api", Resource: model.ResourcePulls,
		Watermark: at(2), Position: "page=3", ETag: `"abc"`, LastSuccess: at(0), Items: 42,
	}
	apply(t, d, model.Batch{Source: "gh", Cursors: []model.Cursor{stored}})

	t.Run("a stored cursor comes back as stored", func(t *testing.T) {
		c, err := d.Cursor(ctx, "gh", "acme/api", model.ResourcePulls)
		if err != nil {
			t.Fatal(err)
		}
		if c != stored {
			t.Errorf("cursor = %+v, want %+v", c, stored)
		}
	})

	t.Run("recording an error keeps the watermark, etag and items", func(t *testing.T) {
		if err := d.RecordError(ctx, "gh", "acme/api", model.ResourcePulls, "HTTP 502 from forge", at(-1)); err != nil {
			t.Fatal(err)
		}
		c, err := d.Cursor(ctx, "gh", "acme/api", model.ResourcePulls)
		if err != nil {
			t.Fatal(err)
		}
		want := stored
		want.LastError, want.LastErrorAt = "HTTP 502 from forge", at(-1)
		if c != want {
			t.Errorf("cursor = %+v, want %+v", c, want)
		}
	})

	t.Run("a later successful batch stores the cursor it is given", func(t *testing.T) {
		next := stored
		next.Watermark, next.Items, next.LastSuccess = at(0), 50, at(-2)
		apply(t, d, model.Batch{Source: "gh", Cursors: []model.Cursor{next}})
		c, err := d.Cursor(ctx, "gh", "acme/api", model.ResourcePulls)
		if err != nil {
			t.Fatal(err)
		}
		if c != next {
			t.Errorf("cursor = %+v, want %+v", c, next)
		}
	})
}

func TestRecordErrorOnANewCursor(t *testing.T) {
	ctx, d := setUp(t)
	if err := d.RecordError(ctx, "gl", "", model.ResourceRepos, "group not found", at(0)); err != nil {
		t.Fatal(err)
	}
	c, err := d.Cursor(ctx, "gl", "", model.ResourceRepos)
	if err != nil {
		t.Fatal(err)
	}
	if c.LastError != "group not found" || !c.LastErrorAt.Equal(at(0)) || !c.Watermark.IsZero() {
		t.Errorf("cursor = %+v, want only the error set", c)
	}
}

func TestRecordErrorNeverStoresATokenLikeString(t *testing.T) {
	ctx, d := setUp(t)
	secrets := []string{
		"ghp_" + strings.Repeat("a1", 18),
		"github_pat_" + strings.Repeat("B2_", 10),
		"glpat-" + strings.Repeat("x9", 10),
		"Bearer " + strings.Repeat("tok3n", 5),
	}
	for _, secret := range secrets {
		if err := d.RecordError(ctx, "gh", "acme/api", "runs", "GET failed: Authorization: "+secret+"\n", at(0)); err != nil {
			t.Fatal(err)
		}
		c, err := d.Cursor(ctx, "gh", "acme/api", "runs")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(c.LastError, secret) || !strings.Contains(c.LastError, "[redacted]") {
			t.Errorf("stored error %q, want the credential redacted", c.LastError)
		}
	}
}

func TestSyncStatusOrdersCursors(t *testing.T) {
	d := openTest(t)
	keys := [][3]string{
		{"gl", "acme/b", "runs"}, {"gh", "acme/b", "pulls"}, {"gh", "", "repos"}, {"gh", "acme/a", "runs"}, {"gh", "acme/a", "jobs"},
	}
	var b model.Batch
	for _, k := range keys {
		b.Cursors = append(b.Cursors, model.Cursor{Source: k[0], Repo: k[1], Resource: k[2], Items: 1})
	}
	apply(t, d, b)
	got, err := d.SyncStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(keys) {
		t.Fatalf("got %d cursors, want %d", len(got), len(keys))
	}
	for i := 1; i < len(got); i++ {
		prev, cur := got[i-1], got[i]
		if [3]string{prev.Source, prev.Repo, prev.Resource} == [3]string{cur.Source, cur.Repo, cur.Resource} ||
			prev.Source > cur.Source ||
			(prev.Source == cur.Source && (prev.Repo > cur.Repo || (prev.Repo == cur.Repo && prev.Resource > cur.Resource))) {
			t.Errorf("cursor %d %+v sorts after %+v", i, cur, prev)
		}
	}
}
