package githubsrc

import (
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

func TestATeamDeletedMidListingDoesNotStopThePass(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 2)
	// "gone" is listed but its repos answer 404: it was deleted in between.
	f.set("/orgs/acme/teams", []obj{{"id": 9, "slug": "core", "name": "Core"}, {"id": 10, "slug": "gone", "name": "Gone"}})
	store := newMemStore()
	c := newTestCollector(t, f, "acme")
	sum, err := collect(t, c, store, collectors.RunOptions{})
	if err != nil || sum.Repos != 2 {
		t.Fatalf("err = %v, %d repos walked", err, sum.Repos)
	}
	got := store.all().Teams
	if len(got) != 1 || got[0].Slug != "core" {
		t.Errorf("teams stored = %+v, want only core", got)
	}
	if cur := store.cursor("", model.ResourceTeams); cur.ETag != "" {
		t.Errorf("teams list ETag kept (%q): the next pass would trust a list naming a gone team", cur.ETag)
	}
}
