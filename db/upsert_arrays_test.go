package db

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/paved-dev/paved/model"
)

func TestArraysUpsertSQLBindsTheRepoThenOneArrayPerColumnThenTheFlag(t *testing.T) {
	types := map[string]string{"repo_id": "bigint", "forge_id": "bigint", "name": "text", "created_at": "double precision"}
	st, err := arraysUpsertSQL(manyRows{table: "runs", key: "repo_id, forge_id", cols: "name, created_at",
		set: map[string]string{"created_at": "CASE WHEN ?4 = 1 THEN excluded.created_at ELSE runs.created_at END"}, flag: true}, types)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"INSERT INTO runs (repo_id, forge_id, name, created_at)",
		"SELECT CAST(?1 AS BIGINT), * FROM unnest(CAST(?2 AS bigint[]), CAST(?3 AS text[]), CAST(?4 AS double precision[]))",
		"ON CONFLICT (repo_id, forge_id) DO UPDATE SET",
		"created_at = CASE WHEN ?4 = 1 THEN excluded.created_at ELSE runs.created_at END",
		"WHERE (runs.name, runs.created_at)\n    IS DISTINCT FROM (excluded.name, CASE WHEN ?4 = 1",
	} {
		if !strings.Contains(st.text, want) {
			t.Errorf("statement lacks %q:\n%s", want, st.text)
		}
	}
	if got := strings.Join(st.arrays, ","); got != "bigint,text,double precision" || st.keyColumns != 1 || st.width() != 5 {
		t.Errorf("array types %s, %d key columns, %d values a record", got, st.keyColumns, st.width())
	}
	if _, err := arraysUpsertSQL(manyRows{table: "runs", key: "forge_id", cols: "name"}, types); err == nil {
		t.Error("a key without repo_id first was accepted")
	}
	if _, err := arraysUpsertSQL(manyRows{table: "runs", key: "repo_id, forge_id", cols: "name, nope"}, types); err == nil {
		t.Error("a column the table lacks was accepted")
	}
}

func TestColumnArraysTransposesRowsIntoTypedArrays(t *testing.T) {
	st := &statement{arrays: []string{"bigint", "text", "double precision", "integer"}, keyColumns: 1, flag: true}
	values := []any{
		int64(7), int64(1), "a", int64(1700000000), 1, 0,
		int64(7), int64(2), nil, 1700000000.25, nil, 0,
	}
	args, err := columnArrays(st, values)
	if err != nil {
		t.Fatal(err)
	}
	if len(args) != 6 || args[0] != int64(7) || args[5] != 0 {
		t.Fatalf("args %v: want the repo id 7, four arrays, the flag 0", args)
	}
	ids := args[1].([]pgtype.Int8)
	names := args[2].([]pgtype.Text)
	times := args[3].([]pgtype.Float8)
	flags := args[4].([]pgtype.Int8)
	if ids[0].Int64 != 1 || ids[1].Int64 != 2 || !ids[1].Valid {
		t.Errorf("ids %v", ids)
	}
	if names[0] != (pgtype.Text{String: "a", Valid: true}) || names[1].Valid {
		t.Errorf("names %v: want a, NULL", names)
	}
	if times[0].Float64 != 1700000000 || times[1].Float64 != 1700000000.25 {
		t.Errorf("times %v", times)
	}
	if flags[0] != (pgtype.Int8{Int64: 1, Valid: true}) || flags[1].Valid {
		t.Errorf("integers %v: want 1, NULL", flags)
	}
	wrong := &statement{arrays: []string{"bigint", "bigint", "double precision", "integer"}, flag: true}
	if _, err := columnArrays(wrong, values); err == nil {
		t.Error("a text value in a bigint column was accepted")
	}
	if _, err := columnArrays(st, values[:8]); err == nil {
		t.Error("a short record was accepted")
	}
	unknown := &statement{arrays: []string{"bigint", "text", "double precision", "jsonb"}, flag: true}
	if _, err := columnArrays(unknown, values); err == nil {
		t.Error("an unknown column type was accepted")
	}
}

// Records of one repo go in one statement unless two have the same key as
// stored (two kinds that clean to the same text) or, for a kind with a flag,
// their flags differ; each statement stores what storing the records one by one
// stores, on both stores.
func TestArraysUpsertsSplitAtARepeatedStoredKeyAndAChangedFlag(t *testing.T) {
	_, d := setUp(t, model.Batch{Source: "gh", Repos: fullBatch().Repos})
	pr := func(n int, readyKnown bool) model.PullRequest {
		p := model.PullRequest{RepoForgeID: 101, Number: n, ForgeID: int64(n), Title: "t", State: "open", CreatedAt: at(1)}
		if readyKnown {
			p.ReadyAt = at(2)
		}
		return p
	}
	apply(t, d, model.Batch{Source: "gh", PullRequests: []model.PullRequest{pr(1, true), pr(2, true)}})
	// PR 1 again without its draft history: its stored ready time stays.
	apply(t, d, model.Batch{Source: "gh", PullRequests: []model.PullRequest{pr(3, true), pr(1, false), pr(2, true), pr(4, false)}})
	var prs, ready int
	queryRow(t, d, `SELECT count(*) FROM pull_requests`, &prs)
	queryRow(t, d, `SELECT count(*) FROM pull_requests WHERE ready_at IS NOT NULL`, &ready)
	if prs != 4 || ready != 3 {
		t.Errorf("%d PRs, %d with a ready time; want 4, 3 (1, 2, 3)", prs, ready)
	}

	review := func(kind string, id int64, state string) model.Review {
		return model.Review{RepoForgeID: 101, Kind: kind, ForgeID: id, PRNumber: 1, State: state, SubmittedAt: at(3)}
	}
	apply(t, d, model.Batch{Source: "gh", Reviews: []model.Review{
		review("review", 9, "COMMENTED"), review("review\x00", 9, "APPROVED"), review("comment", 9, "COMMENTED")}})
	var reviews int
	var state string
	queryRow(t, d, `SELECT count(*) FROM reviews`, &reviews)
	queryRow(t, d, `SELECT state FROM reviews WHERE kind = 'review'`, &state)
	if reviews != 2 || state != "APPROVED" {
		t.Errorf("%d reviews, the review %s; want 2, APPROVED (the later of two that store alike)", reviews, state)
	}
}
