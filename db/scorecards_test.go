package db

import (
	"errors"
	"testing"
	"time"
)

func TestScorecards(t *testing.T) {
	ctx, d := setUp(t)
	level, score := 2, 61
	monday := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	cards := []StoredScorecard{
		{Scope: "payments", AsOf: monday.AddDate(0, 0, -14), Body: []byte(`{"week":1}`)},
		{Scope: "payments", AsOf: monday.AddDate(0, 0, -7), Level: &level, Score: &score, Body: []byte(`{"week":2}`)},
		{Scope: "payments", AsOf: monday, Level: &level, Score: &score, Body: []byte(`{"week":3}`)},
		{Scope: "org", AsOf: monday, Body: []byte(`{}`)},
	}

	t.Run("saving twice is idempotent", func(t *testing.T) {
		for range 2 {
			if err := d.SaveScorecards(ctx, cards); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		queryRow(t, d, `SELECT count(*) FROM scorecards`, &n)
		if n != len(cards) {
			t.Errorf("rows = %d, want %d", n, len(cards))
		}
	})

	t.Run("a range returns the scope's cards oldest first, null level kept", func(t *testing.T) {
		got, err := d.Scorecards(ctx, "payments", monday.AddDate(0, 0, -14), monday.AddDate(0, 0, -7))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d cards, want 2", len(got))
		}
		if !got[0].AsOf.Equal(cards[0].AsOf) || got[0].Level != nil || got[0].Score != nil {
			t.Errorf("first card = %+v, want week 1 without level or score", got[0])
		}
		if got[1].Level == nil || *got[1].Level != level || string(got[1].Body) != `{"week":2}` {
			t.Errorf("second card = %+v, want week 2 at level %d", got[1], level)
		}
	})

	t.Run("re-saving a card replaces it", func(t *testing.T) {
		newLevel := 3
		if err := d.SaveScorecards(ctx, []StoredScorecard{{Scope: "payments", AsOf: monday, Level: &newLevel, Body: []byte(`{"week":"3b"}`)}}); err != nil {
			t.Fatal(err)
		}
		got, err := d.LatestScorecard(ctx, "payments")
		if err != nil {
			t.Fatal(err)
		}
		if !got.AsOf.Equal(monday) || got.Level == nil || *got.Level != newLevel || got.Score != nil || string(got.Body) != `{"week":"3b"}` {
			t.Errorf("latest = %+v, want the replaced week 3", got)
		}
	})

	t.Run("an unknown scope has no latest card", func(t *testing.T) {
		if _, err := d.LatestScorecard(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}
