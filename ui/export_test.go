package ui

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/rescore"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Payments", "Payments"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		t.Run("a cell "+tc.in+" is written safely", func(t *testing.T) {
			if got := csvCell(tc.in); got != tc.want {
				t.Errorf("csvCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExportTeams(t *testing.T) {
	app, _ := smallApp(t)
	r := get(t, app, "/export/teams.csv")
	if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "text/csv") {
		t.Fatalf("status %d type %q", r.status, r.header("Content-Type"))
	}
	if !strings.Contains(r.header("Content-Disposition"), "teams.csv") {
		t.Errorf("Content-Disposition = %q", r.header("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if !strings.HasPrefix(head, "team,slug,level,score,automation,shift_left,remediation,review,delivery,as_of,ci_coverage,ci_coverage_samples,") {
		t.Errorf("header = %s", head)
	}
	api := decodeObject(t, get(t, app, "/api/v1/teams").body)["teams"].([]any)
	if len(rows)-1 != len(api) {
		t.Fatalf("%d rows for %d teams", len(rows)-1, len(api))
	}
	for i, row := range rows[1:] {
		tm := api[i].(map[string]any)
		if row[0] != tm["name"] || row[1] != tm["slug"] {
			t.Errorf("row %d = %v, want team %v", i, row, tm)
		}
		if want := numCell(tm["score"]); row[3] != want {
			t.Errorf("row %d score %q, want %q", i, row[3], want)
		}
		dims := tm["dimensions"].(map[string]any)
		for j, d := range scoring.Dimensions {
			if want := numCell(dims[d]); row[4+j] != want {
				t.Errorf("row %d %s = %q, want %q", i, d, row[4+j], want)
			}
		}
	}
}

func numCell(v any) string {
	f, ok := v.(float64)
	if !ok {
		return ""
	}
	return strconv.Itoa(int(f))
}

func TestExportDefusesFormulaNames(t *testing.T) {
	d := openDB(t)
	ctx := context.Background()
	if err := d.Apply(ctx, model.Batch{Source: "gh", Repos: []model.Repo{{Source: "gh", ForgeID: 1, FullName: "acme/a"}}}); err != nil {
		t.Fatal(err)
	}
	specs := []scoring.TeamSpec{
		{Name: `=HYPERLINK("http://evil.example","x")`, Slug: "formula", Repos: []string{"gh:acme/*"}},
		{Name: "@cmd", Slug: "at-sign", Repos: []string{"gh:acme/*"}},
		{Name: "+1+1", Slug: "plus", Repos: []string{"gh:acme/*"}},
	}
	if _, err := rescore.Run(ctx, d, rescore.Options{Teams: specs, Config: scoring.DefaultConfig(), AsOf: seedNow}); err != nil {
		t.Fatal(err)
	}
	app := appFor(t, d, Options{})
	rows, err := csv.NewReader(strings.NewReader(get(t, app, "/export/teams.csv").body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("rows = %v", rows)
	}
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[0], "'") {
			t.Errorf("team cell %q would be evaluated by a spreadsheet", row[0])
		}
	}
}
