package db

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/model"
)

func TestLoadFactsReadsEveryKindSortedPerRepo(t *testing.T) {
	d := openTest(t)
	apply(t, d, fullBatch())
	f, err := d.LoadFacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var payments *model.RepoFacts
	for i := range f.Repos {
		if f.Repos[i].FullName == "acme/payments" {
			payments = &f.Repos[i]
		}
	}
	if payments == nil {
		t.Fatalf("acme/payments not loaded: %+v", f.Repos)
	}
	if len(payments.Runs) != 1 || payments.Runs[0].Scans.Count() != 2 || len(payments.Runs[0].PRNumbers) != 2 {
		t.Errorf("runs: %+v", payments.Runs)
	}
	if len(payments.Findings) != 2 || payments.Findings[0].ID != "dependabot/1" {
		t.Errorf("findings not sorted by created_at: %+v", payments.Findings)
	}
	if len(payments.Analyses) != 1 || payments.Kind != "" && payments.Kind != "github" {
		t.Errorf("analyses %+v kind %q", payments.Analyses, payments.Kind)
	}
}
