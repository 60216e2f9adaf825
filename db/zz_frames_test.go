package db

import (
	"context"
	"os"
	"testing"

	"github.com/paved-dev/paved/collectors"
)

func TestZZFrames(t *testing.T) {
	repos, batches := benchData()
	batches = batches[:200]
	ctx := context.Background()
	for _, drop := range []string{"", "DROP INDEX runs_repo_created", "DROP INDEX jobs_repo_run", "DROP INDEX pull_requests_repo_created; DROP INDEX pull_requests_repo_merged", "DROP TABLE sync_cursors; CREATE TABLE sync_cursors (source TEXT, repo TEXT, resource TEXT, watermark INTEGER, position TEXT, etag TEXT, last_success INTEGER, last_error TEXT, last_error_at INTEGER, items INTEGER, PRIMARY KEY (source, repo, resource))"} {
		d := openTest(t)
		if drop != "" {
			if _, err := d.Writer().Exec(drop); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Apply(ctx, collectors.Batch{Source: "gh", Repos: repos}); err != nil {
			t.Fatal(err)
		}
		d.Writer().Exec("PRAGMA wal_autocheckpoint=0")
		d.Writer().Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		for _, bt := range batches {
			if err := d.Apply(ctx, bt); err != nil {
				t.Fatal(err)
			}
		}
		st, _ := os.Stat(d.Path() + "-wal")
		t.Logf("%.40s: apply frames per batch: %.1f", drop, float64(st.Size()-32)/4120/float64(len(batches)))
	}
	r := openRaw(t)
	r.db.Exec("PRAGMA wal_autocheckpoint=0")
	for _, bt := range batches {
		r.insert(t, bt)
	}
	var path string
	r.db.QueryRow("SELECT file FROM pragma_database_list WHERE name='main'").Scan(&path)
	st, _ := os.Stat(path + "-wal")
	t.Logf("raw frames per batch: %.1f", float64(st.Size()-32)/4120/float64(len(batches)))
}
