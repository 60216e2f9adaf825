package db

import "testing"

func TestUpsertSQL(t *testing.T) {
	tests := []struct {
		name           string
		table, key, to string
		set            map[string]string
		want           string
	}{
		{
			name:  "every other column takes the new value",
			table: "scorecards", key: "scope, as_of", to: "level, score,\n    body",
			want: "INSERT INTO scorecards (scope, as_of, level, score, body)\n" +
				"VALUES (?1, ?2, ?3, ?4, ?5)\n" +
				"ON CONFLICT (scope, as_of) DO UPDATE SET\n" +
				"    level = excluded.level,\n    score = excluded.score,\n    body = excluded.body",
		},
		{
			name:  "a column given an expression keeps it",
			table: "t", key: "id", to: "a, b", set: map[string]string{"a": "CASE WHEN ?4 THEN excluded.a ELSE t.a END"},
			want: "INSERT INTO t (id, a, b)\n" +
				"VALUES (?1, ?2, ?3)\n" +
				"ON CONFLICT (id) DO UPDATE SET\n" +
				"    a = CASE WHEN ?4 THEN excluded.a ELSE t.a END,\n    b = excluded.b",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := upsertSQL(tt.table, tt.key, tt.to, tt.set); got != tt.want {
				t.Errorf("upsertSQL =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestChangedUpsertSQLUpdatesOnlyARowThatDiffers(t *testing.T) {
	got := changedUpsertSQL("t", "id", "a, b", map[string]string{"a": "COALESCE(t.a, excluded.a)"})
	want := "INSERT INTO t (id, a, b)\n" +
		"VALUES (?1, ?2, ?3)\n" +
		"ON CONFLICT (id) DO UPDATE SET\n" +
		"    a = COALESCE(t.a, excluded.a),\n    b = excluded.b\n" +
		"WHERE (t.a, t.b)\n    IS DISTINCT FROM (COALESCE(t.a, excluded.a), excluded.b)"
	if got != want {
		t.Errorf("changedUpsertSQL =\n%s\nwant\n%s", got, want)
	}
}

func TestChangedRowsUpsertSQLBindsEachRowAfterTheOneBefore(t *testing.T) {
	got := changedRowsUpsertSQL("t", "id", "a", 2)
	want := "INSERT INTO t (id, a)\n" +
		"VALUES (?1, ?2),\n    (?3, ?4)\n" +
		"ON CONFLICT (id) DO UPDATE SET\n" +
		"    a = excluded.a\n" +
		"WHERE (t.a)\n    IS DISTINCT FROM (excluded.a)"
	if got != want {
		t.Errorf("changedRowsUpsertSQL =\n%s\nwant\n%s", got, want)
	}
}
