package ui

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestSyncShowsTeamCursorsWithTheSourceWideLists(t *testing.T) {
	app, d := newApp(t, nil)
	err := d.Apply(context.Background(), model.Batch{Source: "gh", Cursors: []model.Cursor{
		{Source: "gh", Repo: "", Resource: "teams", LastSuccess: seedNow},
		{Source: "gh", Repo: "acme/api", Resource: "runs", LastSuccess: seedNow},
		{Source: "gh", Repo: "team:payments", Resource: "teams", LastSuccess: seedNow},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Sources []struct {
			Repos []struct {
				Repo      string
				Resources []struct{ Resource string }
			}
		}
	}
	if err := json.Unmarshal([]byte(get(t, app, "/api/v1/sync").body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 || len(got.Sources[0].Repos) != 2 {
		t.Fatalf("sync = %+v, want the source-wide entry and acme/api", got)
	}
	wide := got.Sources[0].Repos[0]
	if wide.Repo != "" || len(wide.Resources) != 2 || wide.Resources[1].Resource != "teams (payments)" {
		t.Errorf("source-wide entry = %+v, want teams and teams (payments)", wide)
	}
}
