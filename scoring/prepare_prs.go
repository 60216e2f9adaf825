package scoring

import (
	"slices"
	"strings"

	"github.com/paved-dev/paved/model"
)

// indexPRs keeps every PR's creation (for activity) and, for merged PRs, what
// each snapshot needs: linked runs, approval, first review and first deployment.
// successAt are the repo's successful production deployments, sorted; scans are
// each run's scan categories (runScans).
func indexPRs(ix *repoIndex, r *RepoFacts, bots botSet, successAt []int64, scans []Categories) {
	ix.prAt = make([]int64, 0, len(r.PRs))
	nMerged := 0
	for i := range r.PRs {
		if !r.PRs[i].MergedAt.IsZero() {
			nMerged++
		}
	}
	ix.merged = make([]mergedPR, 0, nMerged)
	bySHA := newMultiIndex[string](nMerged)
	byNumber := newMultiIndex[int](nMerged)
	for i := range r.PRs {
		pr := &r.PRs[i]
		ix.prAt = append(ix.prAt, nanos(pr.CreatedAt))
		if pr.MergedAt.IsZero() {
			continue
		}
		m := mergedPR{
			at:        pr.MergedAt.UnixNano(),
			created:   nanos(pr.CreatedAt),
			firstRun:  never,
			firstScan: never,
			pickup:    never,
			deployAt:  never,
			human:     !bots.is(pr.Author, pr.AuthorIsBot),
			toDefault: pr.BaseBranch == r.DefaultBranch && r.DefaultBranch != "",
		}
		for _, rv := range pr.Reviews {
			if rv.SubmittedAt.IsZero() || bots.is(rv.Author, rv.AuthorIsBot) || strings.EqualFold(rv.Author, pr.Author) {
				continue
			}
			at := rv.SubmittedAt.UnixNano()
			m.pickup = min(m.pickup, at)
			if isApproval(rv) && at <= m.at {
				m.approved = true
			}
		}
		m.ready = readyForReview(pr, m.created, m.pickup)
		if j := afterTime(successAt, m.at-1); j < len(successAt) {
			m.deployAt = successAt[j]
		}
		if pr.HeadSHA != "" {
			bySHA.add(pr.HeadSHA, len(ix.merged))
		}
		byNumber.add(pr.Number, len(ix.merged))
		ix.merged = append(ix.merged, m)
	}
	sortInt64s(ix.prAt)
	if len(ix.merged) > 0 {
		linkRuns(ix.merged, r.Runs, scans, bySHA, byNumber)
	}
	slices.SortStableFunc(ix.merged, func(a, b mergedPR) int { return cmp64(a.at, b.at) })
}

// linkRuns records each merged PR's earliest run, matched by head SHA or by the
// forge's own link; maps keyed by the merged PRs keep this one pass over runs.
func linkRuns(merged []mergedPR, runs []Run, scans []Categories, bySHA *multiIndex[string], byNumber *multiIndex[int]) {
	mark := func(i int, at int64, scan bool) {
		m := &merged[i]
		m.firstRun = min(m.firstRun, at)
		if scan {
			m.firstScan = min(m.firstScan, at)
		}
	}
	for i := range runs {
		run := &runs[i]
		at := nanos(run.CreatedAt)
		scan := scans[i] != 0
		if run.HeadSHA != "" {
			for j := bySHA.first(run.HeadSHA); j >= 0; j = bySHA.prev[j] {
				mark(j, at, scan)
			}
		}
		for _, n := range run.PRNumbers {
			for j := byNumber.first(n); j >= 0; j = byNumber.prev[j] {
				mark(j, at, scan)
			}
		}
	}
}

// readyForReview is when the wait for a first review starts (model v2): the last
// time the PR left draft state at or before its first human review, else the
// ready time the forge gave, else its creation.
func readyForReview(pr *PR, created, firstReview int64) int64 {
	ready, found := int64(0), false
	for _, t := range pr.ReadyTimes {
		if t.IsZero() {
			continue
		}
		if at := t.UnixNano(); at <= firstReview && (!found || at > ready) {
			ready, found = at, true
		}
	}
	switch {
	case found:
		return ready
	case !pr.ReadyAt.IsZero():
		return pr.ReadyAt.UnixNano()
	}
	return created
}

// isApproval: a GitHub review in state APPROVED, or a GitLab "approved this merge
// request" note.
func isApproval(rv Review) bool {
	return rv.Kind == model.ReviewKindApproval || strings.EqualFold(rv.State, "approved")
}

// multiIndex maps a key to every position added under it, without a slice per
// key: head holds the latest position, prev chains to the one before (-1 ends).
type multiIndex[K comparable] struct {
	head map[K]int
	prev []int
}

func newMultiIndex[K comparable](n int) *multiIndex[K] {
	m := &multiIndex[K]{head: make(map[K]int, n), prev: make([]int, n)}
	for i := range m.prev {
		m.prev[i] = -1
	}
	return m
}

func (m *multiIndex[K]) add(k K, i int) {
	if p, ok := m.head[k]; ok {
		m.prev[i] = p
	}
	m.head[k] = i
}

func (m *multiIndex[K]) first(k K) int {
	if i, ok := m.head[k]; ok {
		return i
	}
	return -1
}
