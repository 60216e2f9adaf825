package db

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/paved-dev/paved/model"
)

// A record the store itself refuses, after the page's earlier statements have
// run (on Postgres: been sent with it), fails the whole page with an error
// naming that record, leaves nothing of the page stored, its cursor and facts
// marks included, and leaves the store ready for the next page. The refusal is
// provoked with a remembered id of a repo the store does not hold: its foreign
// key fails, as it would should a remembered id ever go stale.
func TestARecordTheStoreRefusesMidPageStoresNothingOfThePage(t *testing.T) {
	d := openTest(t)
	page := fullBatch()
	apply(t, d, model.Batch{Source: page.Source, Repos: page.Repos})
	d.repoIDs.add(map[repoKey]int64{{page.Source, 555}: 1 << 40})
	page.PullRequests = append(page.PullRequests, model.PullRequest{Source: page.Source, RepoForgeID: 555, ForgeID: 1, Number: 77})

	err := d.Apply(context.Background(), page)
	if err == nil {
		t.Fatal("apply succeeded, want the store's refusal")
	}
	if !strings.Contains(err.Error(), "store pull request #77 of repo 555: ") {
		t.Errorf("error %q does not name pull request #77 of repo 555", err)
	}
	for kind, n := range counts(t, d) {
		if want := int64(len(page.Repos)); kind == "repos" && n != want || kind != "repos" && n != 0 {
			t.Errorf("%d %s stored after the failed page", n, kind)
		}
	}
	c := page.Cursors[0]
	if got, err := d.Cursor(context.Background(), c.Source, c.Repo, c.Resource); err != nil || got.Items != 0 {
		t.Errorf("cursor after the failed page = %+v, %v; want none", got, err)
	}
	var marked int64
	queryRow(t, d, `SELECT count(*) FROM repos WHERE facts_version != 0`, &marked)
	if marked != 0 {
		t.Errorf("%d repos marked by the failed page", marked)
	}

	apply(t, d, fullBatch())
	if got, want := counts(t, d), wantCounts(fullBatch()); !maps.Equal(got, want) {
		t.Errorf("after the next page counts = %v, want %v", got, want)
	}
}

// Only a committed batch's repo ids are remembered: a repo stored by a batch
// that failed is unknown to the next.
func TestARepoOfAFailedBatchStaysUnknown(t *testing.T) {
	d := openTest(t)
	err := d.Apply(context.Background(), model.Batch{Source: "gh",
		Repos: []model.Repo{{ForgeID: 7, FullName: "acme/seven"}},
		Runs:  []model.PipelineRun{{RepoForgeID: 7, ForgeID: 1}, {RepoForgeID: 999, ForgeID: 2}},
	})
	if err == nil || !strings.Contains(err.Error(), "unknown repo gh/999") {
		t.Fatalf("apply = %v, want unknown repo gh/999", err)
	}
	err = d.Apply(context.Background(), model.Batch{Source: "gh", Runs: []model.PipelineRun{{RepoForgeID: 7, ForgeID: 1}}})
	if err == nil || !strings.Contains(err.Error(), "unknown repo gh/7: store the repo first") {
		t.Fatalf("apply = %v, want unknown repo gh/7", err)
	}
	if got := counts(t, d); got["repos"] != 0 || got["runs"] != 0 {
		t.Errorf("counts = %v, want nothing stored", got)
	}
}
