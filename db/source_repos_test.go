package db

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestSourceReposListsOnlyThatSourcesRepos(t *testing.T) {
	d := openTest(t)
	apply(t, d, model.Batch{Source: "gh", Repos: []model.Repo{
		{Source: "gh", ForgeID: 2, FullName: "acme/zeta", DefaultBranch: "main", Archived: true, CreatedAt: at(30), UpdatedAt: at(1)},
		{Source: "gh", ForgeID: 1, FullName: "acme/alpha", DefaultBranch: "trunk"},
	}})
	apply(t, d, model.Batch{Source: "gl", Repos: []model.Repo{{Source: "gl", ForgeID: 1, FullName: "grp/alpha"}}})

	got, err := d.SourceRepos(context.Background(), "gh")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].FullName != "acme/alpha" || got[1].FullName != "acme/zeta" {
		t.Fatalf("repos of gh = %+v, want acme/alpha then acme/zeta", got)
	}
	z := got[1]
	if z.Source != "gh" || z.ForgeID != 2 || z.DefaultBranch != "main" || !z.Archived ||
		!z.CreatedAt.Equal(at(30)) || !z.UpdatedAt.Equal(at(1)) {
		t.Errorf("acme/zeta read back as %+v", z)
	}
	if none, err := d.SourceRepos(context.Background(), "other"); err != nil || len(none) != 0 {
		t.Errorf("an unknown source: %v, %v", none, err)
	}
}
