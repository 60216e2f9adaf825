package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/paved-dev/paved/model"
)

// Job sampling as stored. A sampling group's sample is its run with jobs_fetched
// (the newest, should a database from before migration 00005 hold several), and
// every run of the group has the categories of the sample's stored jobs. Both are
// read from the rows, never from a collector's memory or cursor, so a pass killed
// between two pages and run again decides and stores exactly what one pass would.

// groupSampleSQL reads the categories of a group's sample's jobs: one row per
// job, or one row with NULL categories for a sample with no jobs; no row when the
// group has no sample. It and setGroupCategoriesSQL require a non-empty group (which
// the caller's group always is) so that SQLite may seek the partial index of
// grouped runs, runs_repo_grouped.
const groupSampleSQL = `
WITH s AS (SELECT max(forge_id) AS id FROM runs WHERE repo_id = ?1 AND sample_group = ?2 AND sample_group != '' AND jobs_fetched = 1)
SELECT j.scan_categories FROM s LEFT JOIN jobs j ON j.repo_id = ?1 AND j.run_forge_id = s.id
WHERE s.id IS NOT NULL`

const setGroupCategoriesSQL = `
UPDATE runs SET scan_categories = ?3
WHERE repo_id = ?1 AND sample_group = ?2 AND sample_group != '' AND scan_categories != ?3`

// setRunCategoriesSQL gives one run its group's categories.
const setRunCategoriesSQL = `
UPDATE runs SET scan_categories = ?3
WHERE repo_id = ?1 AND forge_id = ?2 AND scan_categories != ?3`

type groupKey struct {
	repoID int64
	group  string
}

// sampleCategories gives every run of each group the batch's runs belong to the
// categories of its sample's stored jobs; it runs after the batch's runs and jobs
// are stored, in the same transaction. Every transaction leaves each group's runs
// with its sample's categories, so only a group whose sample is in the batch (a
// new sample) has its earlier runs rewritten; otherwise the batch's runs alone
// take the categories. Every group's sample is read first, in one round trip on
// Postgres: a group's writes change no other group's sample.
func (a *applier) sampleCategories(runs []model.PipelineRun) error {
	type group struct {
		runs    []int64 // the batch's runs of the group
		sampled bool    // one of them is a sample
		found   bool    // the group has a sample stored
		cats    []string
	}
	groups := map[groupKey]*group{}
	var order []groupKey
	for _, r := range runs {
		if r.SampleGroup == "" {
			continue
		}
		repoID, err := a.repoID(r.Source, r.RepoForgeID)
		if err != nil {
			return fmt.Errorf("categories of run %d: %w", r.ForgeID, err)
		}
		k := groupKey{repoID, r.SampleGroup}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		g.runs = append(g.runs, r.ForgeID)
		g.sampled = g.sampled || r.JobsFetched
	}
	if len(order) == 0 {
		return nil
	}
	for _, k := range order {
		g := groups[k]
		err := a.w.do(op{stmt: a.st.groupSample, args: []any{k.repoID, k.group},
			row: func(scan func(...any) error) error {
				var jobCats sql.NullString
				if err := scan(&jobCats); err != nil {
					return err
				}
				g.found = true
				g.cats = model.MergeCategories(g.cats, split(jobCats.String, ","))
				return nil
			},
			fail: groupFailure(k),
		})
		if err != nil {
			return err
		}
	}
	if err := a.w.flush(); err != nil {
		return err
	}
	for _, k := range order {
		g := groups[k]
		if !g.found {
			continue
		}
		joined := strings.Join(g.cats, ",")
		if g.sampled {
			err := a.w.do(op{stmt: a.st.setGroupCategories, args: []any{k.repoID, k.group, joined}, facts: k.repoID, fail: groupFailure(k)})
			if err != nil {
				return err
			}
			continue
		}
		for _, id := range g.runs {
			err := a.w.do(op{stmt: a.st.setRunCategories, args: []any{k.repoID, id, joined}, facts: k.repoID,
				fail: func(err error) error { return fmt.Errorf("categories of run %d of repo %d: %w", id, k.repoID, err) }})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func groupFailure(k groupKey) func(error) error {
	return func(err error) error {
		return fmt.Errorf("categories of group %s of repo %d: %w", k.group, k.repoID, err)
	}
}

func runSamplesSQL(x dialect) string {
	return `
SELECT r.sample_group, r.forge_id, r.status, r.attempt, COALESCE(` + x.stringAgg("j.scan_categories", "','") + `, '')
FROM runs r
JOIN repos p ON p.id = r.repo_id
LEFT JOIN jobs j ON j.repo_id = r.repo_id AND j.run_forge_id = r.forge_id
WHERE p.source = ? AND p.forge_id = ? AND r.sample_group != '' AND r.jobs_fetched = 1
GROUP BY r.id
ORDER BY r.sample_group, r.forge_id`
}

// RunSamples returns the stored sample of each sampling group of a repo, ordered
// by group.
func (d *DB) RunSamples(ctx context.Context, source string, repoForgeID int64) ([]model.RunSample, error) {
	rows, err := d.reader.QueryContext(ctx, runSamplesSQL(d.dialect), source, repoForgeID)
	if err != nil {
		return nil, fmt.Errorf("job samples of repo %s/%d: %w", source, repoForgeID, err)
	}
	defer rows.Close()
	var out []model.RunSample
	for rows.Next() {
		var s model.RunSample
		var status, cats string
		if err := rows.Scan(&s.Group, &s.RunForgeID, &status, &s.Attempt, &cats); err != nil {
			return nil, fmt.Errorf("job samples of repo %s/%d: %w", source, repoForgeID, err)
		}
		s.Complete = status == "completed"
		s.Categories = model.MergeCategories(split(cats, ","))
		// Of several samples of one group, the newest (listed last) is the one.
		if n := len(out); n > 0 && out[n-1].Group == s.Group {
			out = out[:n-1]
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("job samples of repo %s/%d: %w", source, repoForgeID, err)
	}
	return out, nil
}
