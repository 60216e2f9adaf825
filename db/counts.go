package db

import (
	"context"
	"fmt"
)

// countedTables maps the entity kinds Counts reports to their tables.
var countedTables = []struct{ kind, table string }{
	{"repos", "repos"},
	{"forge_teams", "forge_teams"},
	{"forge_team_repos", "forge_team_repos"},
	{"runs", "runs"},
	{"jobs", "jobs"},
	{"findings", "findings"},
	{"analyses", "analyses"},
	{"pull_requests", "pull_requests"},
	{"reviews", "reviews"},
	{"deployments", "deployments"},
	{"deployment_statuses", "deployment_statuses"},
	{"observations", "observations"},
}

var countsSQL = func() string {
	q := "SELECT "
	for i, t := range countedTables {
		if i > 0 {
			q += ", "
		}
		q += "(SELECT count(*) FROM " + t.table + ")"
	}
	return q
}()

// Counts returns the number of stored rows of each entity kind, in one snapshot.
func (d *DB) Counts(ctx context.Context) (map[string]int64, error) {
	n := make([]int64, len(countedTables))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := d.reader.QueryRowContext(ctx, countsSQL).Scan(dst...); err != nil {
		return nil, fmt.Errorf("count records: %w", err)
	}
	counts := make(map[string]int64, len(n))
	for i, t := range countedTables {
		counts[t.kind] = n[i]
	}
	return counts, nil
}
