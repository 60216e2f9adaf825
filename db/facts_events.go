package db

import (
	"database/sql"
	"time"

	"github.com/paved-dev/paved/model"
)

func (l *factLoader) runs() error {
	return l.query("runs", `
SELECT repo_id, name, created_at, started_at, completed_at, duration_ms, status, conclusion, attempt,
       head_branch, head_sha, event, pr_numbers, scan_categories
FROM runs WHERE repo_id `+l.inRepos+` ORDER BY repo_id, created_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id int64
		var created, started, completed nullUnix
		var duration sql.NullInt64
		var prs, scans string
		var r model.RunFact
		if err := rows.Scan(&id, &r.Name, &created, &started, &completed, &duration, &r.Status, &r.Conclusion, &r.Attempt,
			&r.HeadBranch, &r.HeadSHA, &r.Event, &prs, &scans); err != nil {
			return err
		}
		repo, _ := l.repo(id)
		if repo == nil {
			return nil
		}
		r.CreatedAt, r.StartedAt, r.CompletedAt = created.Time(), started.Time(), completed.Time()
		if duration.Valid && duration.Int64 > 0 {
			r.Duration = time.Duration(duration.Int64) * time.Millisecond
		}
		r.PRNumbers = splitInts(prs)
		r.Scans = model.CategoriesOf(split(scans, ","))
		repo.Runs = append(repo.Runs, r)
		return nil
	})
}

func (l *factLoader) prs() error {
	l.prIndex = map[prKey]int{}
	return l.query("pull_requests", `
SELECT repo_id, number, author, author_is_bot, created_at, ready_at, ready_times, merged_at, base_branch, head_sha
FROM pull_requests WHERE repo_id `+l.inRepos+` ORDER BY repo_id, created_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id int64
		var created, ready, merged nullUnix
		var readyTimes string
		var p model.PRFact
		if err := rows.Scan(&id, &p.Number, &p.Author, &p.AuthorIsBot, &created, &ready, &readyTimes, &merged, &p.BaseBranch, &p.HeadSHA); err != nil {
			return err
		}
		repo, ri := l.repo(id)
		if repo == nil {
			return nil
		}
		p.CreatedAt, p.ReadyAt, p.MergedAt = created.Time(), ready.Time(), merged.Time()
		p.ReadyTimes = splitMillis(readyTimes)
		l.prIndex[prKey{ri, p.Number}] = len(repo.PRs)
		repo.PRs = append(repo.PRs, p)
		return nil
	})
}

func (l *factLoader) reviews() error {
	return l.query("reviews", `
SELECT repo_id, pr_number, author, author_is_bot, kind, state, submitted_at
FROM reviews WHERE repo_id `+l.inRepos+` ORDER BY repo_id, pr_number, submitted_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id int64
		var number int
		var submitted nullUnix
		var rv model.ReviewFact
		if err := rows.Scan(&id, &number, &rv.Author, &rv.AuthorIsBot, &rv.Kind, &rv.State, &submitted); err != nil {
			return err
		}
		repo, ri := l.repo(id)
		if repo == nil {
			return nil
		}
		pi, ok := l.prIndex[prKey{ri, number}]
		if !ok {
			return nil // a review of a PR not (yet) stored
		}
		rv.SubmittedAt = submitted.Time()
		repo.PRs[pi].Reviews = append(repo.PRs[pi].Reviews, rv)
		return nil
	})
}

func (l *factLoader) findings() error {
	return l.query("findings", `
SELECT repo_id, kind, forge_id, category, severity, outcome, created_at, resolved_at
FROM findings WHERE repo_id `+l.inRepos+` ORDER BY repo_id, created_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id int64
		var kind, forgeID string
		var created, resolved nullUnix
		var f model.FindingFact
		if err := rows.Scan(&id, &kind, &forgeID, &f.Category, &f.Severity, &f.Outcome, &created, &resolved); err != nil {
			return err
		}
		repo, _ := l.repo(id)
		if repo == nil {
			return nil
		}
		f.ID = kind + "/" + forgeID
		f.CreatedAt, f.ResolvedAt = created.Time(), resolved.Time()
		repo.Findings = append(repo.Findings, f)
		return nil
	})
}

func (l *factLoader) analyses() error {
	return l.query("analyses", `
SELECT repo_id, category, created_at FROM analyses WHERE repo_id `+l.inRepos+` ORDER BY repo_id, created_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id int64
		var created nullUnix
		var a model.AnalysisFact
		if err := rows.Scan(&id, &a.Category, &created); err != nil {
			return err
		}
		repo, _ := l.repo(id)
		if repo == nil {
			return nil
		}
		a.CreatedAt = created.Time()
		repo.Analyses = append(repo.Analyses, a)
		return nil
	})
}

func (l *factLoader) observations() error {
	return l.query("observations", `
SELECT repo_id, feature, enabled, observed_at FROM observations WHERE repo_id `+l.inRepos+` ORDER BY repo_id, observed_at, id`, func(rows *sql.Rows) error {
		var id int64
		var observed nullUnix
		var o model.ObservationFact
		if err := rows.Scan(&id, &o.Feature, &o.Enabled, &observed); err != nil {
			return err
		}
		repo, _ := l.repo(id)
		if repo == nil {
			return nil
		}
		o.ObservedAt = observed.Time()
		repo.Observations = append(repo.Observations, o)
		return nil
	})
}

func (l *factLoader) deployments() error {
	type depKey struct {
		repo    int
		forgeID int64
	}
	index := map[depKey]int{}
	err := l.query("deployments", `
SELECT repo_id, forge_id, environment, environment_tier, created_at, status, status_at
FROM deployments WHERE repo_id `+l.inRepos+` ORDER BY repo_id, created_at NULLS FIRST, id`, func(rows *sql.Rows) error {
		var id, forgeID int64
		var created, statusAt nullUnix
		var dep model.DeploymentFact
		if err := rows.Scan(&id, &forgeID, &dep.Environment, &dep.EnvironmentTier, &created, &dep.Status, &statusAt); err != nil {
			return err
		}
		repo, ri := l.repo(id)
		if repo == nil {
			return nil
		}
		dep.CreatedAt, dep.StatusAt = created.Time(), statusAt.Time()
		index[depKey{ri, forgeID}] = len(repo.Deployments)
		repo.Deployments = append(repo.Deployments, dep)
		return nil
	})
	if err != nil {
		return err
	}
	// Every status of each deployment, oldest first (ties by id, as the forge numbers them).
	return l.query("deployment_statuses", `
SELECT repo_id, deployment_forge_id, state, created_at
FROM deployment_statuses WHERE repo_id `+l.inRepos+` ORDER BY repo_id, deployment_forge_id, created_at NULLS FIRST, forge_id`, func(rows *sql.Rows) error {
		var id, deployment int64
		var created nullUnix
		var st model.DeploymentStatusFact
		if err := rows.Scan(&id, &deployment, &st.State, &created); err != nil {
			return err
		}
		repo, ri := l.repo(id)
		if repo == nil {
			return nil
		}
		di, ok := index[depKey{ri, deployment}]
		if !ok {
			return nil // a status of a deployment not (yet) stored
		}
		st.CreatedAt = created.Time()
		repo.Deployments[di].Statuses = append(repo.Deployments[di].Statuses, st)
		return nil
	})
}
