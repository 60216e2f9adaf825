package db

import (
	"reflect"
	"testing"
)

func TestReplaceTeams(t *testing.T) {
	ctx, d := setUp(t, fullBatch())

	first := []Team{
		{Slug: "payments", Name: "Payments", Repos: []RepoRef{{"gh", 101}, {"gh", 102}}},
		{Slug: "empty", Name: "Nobody's"},
	}
	if err := d.ReplaceTeams(ctx, first); err != nil {
		t.Fatal(err)
	}

	t.Run("teams read back in slug order with their repos", func(t *testing.T) {
		got, err := d.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []Team{first[1], first[0]}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("teams = %+v, want %+v", got, want)
		}
	})

	t.Run("replacing drops teams and members no longer configured", func(t *testing.T) {
		second := []Team{{Slug: "ledger", Name: "Ledger", Repos: []RepoRef{{"gh", 102}}}}
		if err := d.ReplaceTeams(ctx, second); err != nil {
			t.Fatal(err)
		}
		got, err := d.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, second) {
			t.Errorf("teams = %+v, want %+v", got, second)
		}
		var members int
		queryRow(t, d, `SELECT count(*) FROM team_repos`, &members)
		if members != 1 {
			t.Errorf("team_repos rows = %d, want 1", members)
		}
	})

	t.Run("an unknown repo fails the whole replacement", func(t *testing.T) {
		before, err := d.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		bad := []Team{{Slug: "x", Name: "X", Repos: []RepoRef{{"gh", 404}}}}
		if err := d.ReplaceTeams(ctx, bad); err == nil {
			t.Fatal("replace succeeded, want an error naming repo gh/404")
		}
		after, err := d.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(after, before) {
			t.Errorf("teams after a failed replace = %+v, want unchanged %+v", after, before)
		}
	})
}

func TestUpsertSourceUpdatesInPlace(t *testing.T) {
	ctx, d := setUp(t)
	if err := d.UpsertSource(ctx, "gh", "github", "https://api.github.com/", "acme"); err != nil {
		t.Fatal(err)
	}
	if err := d.UpsertSource(ctx, "gh", "github", "https://ghe.example.test/api/v3/", "acme"); err != nil {
		t.Fatal(err)
	}
	var n int
	var baseURL string
	var updated int64
	queryRow(t, d, `SELECT count(*), max(base_url), max(updated_at) FROM sources`, &n, &baseURL, &updated)
	if n != 1 || baseURL != "https://ghe.example.test/api/v3/" || updated != testNow.Unix() {
		t.Errorf("sources = %d rows, base %q, updated %d; want 1 row, the new base URL, updated at the injected now", n, baseURL, updated)
	}
}
