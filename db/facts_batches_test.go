package db

import (
	"reflect"
	"testing"

	"github.com/paved-dev/paved/model"
)

// Facts read a repo at a time are the facts read at once, in the same order, each
// batch with its own repos' facts only.
func TestEachFactsBatchesAreLoadFacts(t *testing.T) {
	ctx, d := setUp(t, fullBatch())
	whole, err := d.LoadFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var batches []int
	var joined model.Facts
	err = d.EachFacts(ctx, 1, func(f *model.Facts) error {
		batches = append(batches, len(f.Repos))
		joined.Repos = append(joined.Repos, f.Repos...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(batches, []int{1, 1}) || !reflect.DeepEqual(joined.Repos, whole.Repos) {
		t.Errorf("batches of %v repos:\n%+v\nwant\n%+v", batches, joined.Repos, whole.Repos)
	}
	if n := len(whole.Repos[1].Runs) + len(whole.Repos[1].Findings) + len(whole.Repos[1].Deployments); n == 0 {
		t.Errorf("the sample's second repo has no facts to compare: %+v", whole.Repos[1])
	}
}
