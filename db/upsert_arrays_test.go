package db

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

func TestArraysUpsertSQLBindsTheRepoThenOneArrayPerColumn(t *testing.T) {
	types := map[string]string{"repo_id": "bigint", "forge_id": "bigint", "name": "text", "created_at": "double precision"}
	q, arrays, err := arraysUpsertSQL(manyRows{"runs", "repo_id, forge_id", "name, created_at"}, types)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"INSERT INTO runs (repo_id, forge_id, name, created_at)",
		"SELECT CAST(?1 AS BIGINT), * FROM unnest(CAST(?2 AS bigint[]), CAST(?3 AS text[]), CAST(?4 AS double precision[]))",
		"ON CONFLICT (repo_id, forge_id) DO UPDATE SET",
		"WHERE (runs.name, runs.created_at)\n    IS DISTINCT FROM (excluded.name, excluded.created_at)",
	} {
		if !strings.Contains(q, want) {
			t.Errorf("statement lacks %q:\n%s", want, q)
		}
	}
	if got := strings.Join(arrays, ","); got != "bigint,text,double precision" {
		t.Errorf("array types %s", got)
	}
	if _, _, err := arraysUpsertSQL(manyRows{"runs", "forge_id", "name"}, types); err == nil {
		t.Error("a key without repo_id first was accepted")
	}
	if _, _, err := arraysUpsertSQL(manyRows{"runs", "repo_id, forge_id", "name, nope"}, types); err == nil {
		t.Error("a column the table lacks was accepted")
	}
}

func TestColumnArraysTransposesRowsIntoTypedArrays(t *testing.T) {
	values := []any{
		int64(7), int64(1), "a", int64(1700000000), 1,
		int64(7), int64(2), nil, 1700000000.25, nil,
	}
	args, err := columnArrays(values, 5, []string{"bigint", "text", "double precision", "integer"})
	if err != nil {
		t.Fatal(err)
	}
	if args[0] != int64(7) {
		t.Errorf("repo id %v, want 7", args[0])
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
		t.Errorf("flags %v: want 1, NULL", flags)
	}
	if _, err := columnArrays(values, 5, []string{"bigint", "bigint", "double precision", "integer"}); err == nil {
		t.Error("a text value in a bigint column was accepted")
	}
	if _, err := columnArrays(values[:7], 5, []string{"bigint", "text", "double precision", "integer"}); err == nil {
		t.Error("a short row was accepted")
	}
	if _, err := columnArrays(values, 5, []string{"bigint", "text", "double precision", "jsonb"}); err == nil {
		t.Error("an unknown column type was accepted")
	}
}
