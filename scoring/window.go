package scoring

import (
	"fmt"
	"math/bits"
	"time"
)

// Window is the 90 days before as_of: an instant t is in it when
// as_of − Window < t ≤ as_of.
const Window = 90 * 24 * time.Hour

// TrendsFrom is where trends start while history is read from floor on (facts
// before floor not yet stored): the first instant whose whole window is
// stored. Earlier scorecards are computed from part of their window, so no
// trend shows them and no change compares with them. Zero (history complete)
// gives zero.
func TrendsFrom(floor time.Time) time.Time {
	if floor.IsZero() {
		return time.Time{}
	}
	return floor.Add(Window)
}

// DeployingSpan is how far back a production deployment makes a repo a deploying
// repo (model v2): an eligible repo with one in (as_of − 365d, as_of] is in the
// delivery frequencies, with 0 when it has none in the window.
const DeployingSpan = 365 * 24 * time.Hour

// Durations pooled as raw samples, one arena per kind.
const (
	durPipeline = iota
	durPickup
	durMerge
	durMTTR
	durLead
	durRecovery
	durOverdue // as_of − due_at of each critical/high finding overdue at as_of
	numDur
)

// span is a repo's slice of one arena for the current snapshot.
type span struct{ lo, hi int }

// arenas hold every repo's raw durations for one snapshot; scopes copy the spans
// of their repos into a pooled buffer. They are reused from snapshot to snapshot.
type arenas [numDur][]int64

func (a *arenas) reset() {
	for i := range a {
		a[i] = a[i][:0]
	}
}

// repoWindow is one repo's counts for one snapshot: the numerators and
// denominators that scopes sum.
type repoWindow struct {
	active, ciRun bool

	defRuns, completed, firstOK   int
	merged, mergedRun, mergedScan int
	cats                          Categories
	escaped                       int

	dueCH, metCH, dueMed, metMed int
	fixedCrit, openCH, overdue   int
	closed, riskAccepted         int

	human, approved, pickedUp int

	deploying       bool // a production deployment in the DeployingSpan before as_of
	success, failed int
	days            [2]uint64 // bit i: a success on the window's i-th UTC day

	spans [numDur]span
	flags []Flag
}

// clock is one snapshot's bounds in Unix nanoseconds.
type clock struct {
	asOf, lo int64 // the window is (lo, asOf]
	deployLo int64 // deploying repos deployed in (deployLo, asOf]
	baseDay  int64 // UTC day number of the window's first instant
}

func newClock(asOf time.Time) clock {
	lo := asOf.Add(-Window)
	return clock{asOf: asOf.UnixNano(), lo: lo.UnixNano(), deployLo: asOf.Add(-DeployingSpan).UnixNano(), baseDay: utcDay(lo)}
}

func inWindow(s []int64, c clock) bool {
	return inSpan(s, c.lo, c.asOf)
}

// inSpan tells whether the sorted s has an instant in (lo, hi].
func inSpan(s []int64, lo, hi int64) bool {
	i := afterTime(s, lo)
	return i < len(s) && s[i] <= hi
}

// window fills w with the repo's counts at c and appends its raw durations to ar.
// An archived repo or a fork counts nowhere (model v2): its window stays empty.
func (ix *repoIndex) window(w *repoWindow, c clock, ar *arenas) {
	*w = repoWindow{}
	var start [numDur]int
	for k := range ar {
		start[k] = len(ar[k])
		w.spans[k] = span{start[k], start[k]}
	}
	if !ix.eligible {
		return
	}
	w.active = inWindow(ix.runAt, c) || inWindow(ix.prAt, c)
	ix.windowRuns(w, c, ar)
	ix.windowPRs(w, c, ar)
	ix.windowScans(w, c)
	ix.windowFindings(w, c, ar)
	ix.windowDeploys(w, c, ar)
	for k := range ar {
		w.spans[k] = span{start[k], len(ar[k])}
	}
}

func (ix *repoIndex) windowRuns(w *repoWindow, c clock, ar *arenas) {
	key := func(r *defRun) int64 { return r.at }
	runs := ix.defRuns[after(ix.defRuns, c.lo, key):after(ix.defRuns, c.asOf, key)]
	w.defRuns = len(runs)
	w.ciRun = len(runs) > 0
	for i := range runs {
		r := &runs[i]
		if !r.counted || r.done > c.asOf {
			continue
		}
		w.completed++
		if r.firstOK {
			w.firstOK++
		}
		if r.hasDur {
			ar[durPipeline] = append(ar[durPipeline], r.dur)
		}
	}
}

func (ix *repoIndex) windowPRs(w *repoWindow, c clock, ar *arenas) {
	key := func(m *mergedPR) int64 { return m.at }
	prs := ix.merged[after(ix.merged, c.lo, key):after(ix.merged, c.asOf, key)]
	w.merged = len(prs)
	for i := range prs {
		m := &prs[i]
		if m.firstRun <= c.asOf {
			w.mergedRun++
		}
		if m.firstScan <= c.asOf {
			w.mergedScan++
		}
		if m.toDefault && m.deployAt <= c.asOf {
			ar[durLead] = append(ar[durLead], max(0, m.deployAt-m.created))
		}
		if !m.human {
			continue
		}
		w.human++
		if m.approved {
			w.approved++
		}
		if m.pickup <= c.asOf {
			w.pickedUp++
			ar[durPickup] = append(ar[durPickup], max(0, m.pickup-m.ready))
		}
		ar[durMerge] = append(ar[durMerge], max(0, m.at-m.created))
	}
}

func (ix *repoIndex) windowScans(w *repoWindow, c clock) {
	for i := range numScanCats {
		has := inWindow(ix.scanAt[i], c)
		for _, iv := range ix.scanOn[i] {
			if has {
				break
			}
			has = iv.from <= c.asOf && iv.to > c.lo
		}
		if has {
			w.cats |= 1 << i
		}
	}
}

func (ix *repoIndex) windowFindings(w *repoWindow, c clock, ar *arenas) {
	w.escaped = afterTime(ix.escapedAt, c.asOf) - afterTime(ix.escapedAt, c.lo)
	w.dueCH, w.metCH = slaPopulation(ix.dueCH, c)
	w.dueMed, w.metMed = slaPopulation(ix.dueMed, c)
	// Open and overdue at as_of (OpenAt, OverdueAt): a finding created by as_of is
	// due by as_of + the longest critical/high SLA, which bounds the scan.
	due := func(f *dueFinding) int64 { return f.due }
	for _, f := range ix.dueCH[:after(ix.dueCH, c.asOf+ix.maxCHSLA, due)] {
		if f.created <= c.asOf && f.resolved > c.asOf {
			w.openCH++
			if f.due < c.asOf {
				w.overdue++
				ar[durOverdue] = append(ar[durOverdue], c.asOf-f.due)
			}
		}
	}
	at := func(f *closedFinding) int64 { return f.at }
	for _, f := range ix.closed[after(ix.closed, c.lo, at):after(ix.closed, c.asOf, at)] {
		w.closed++
		if !f.fixed {
			w.riskAccepted++
			continue
		}
		if f.critical {
			w.fixedCrit++
			ar[durMTTR] = append(ar[durMTTR], f.dur)
		}
	}
	for _, s := range ix.skewed {
		closedIn := s.res > c.lo && s.res <= c.asOf
		dueIn := s.dueCounted && s.due > c.lo && s.due <= c.asOf
		if closedIn || dueIn {
			w.flags = append(w.flags, Flag{
				Kind: FlagClockSkew,
				Repo: ix.id,
				Detail: fmt.Sprintf("finding %s was resolved %s before it was created; its time to resolve counts as 0",
					s.id, time.Duration(s.created-s.res)),
			})
		}
	}
}

// slaPopulation counts an SLA attainment's findings (model v2): those due in the
// window, met when closed at or before their due date, and those overdue and
// still open at the window's start, which are misses in every window until they
// close. A finding due exactly at the window's start (which is not in the window)
// is in the second group: it is open past due from the first instant of the
// window, and without it an overdue finding could be in no window at all and
// leave remediation without data while it counts as overdue. findings are
// sorted by due date.
func slaPopulation(findings []dueFinding, c clock) (population, met int) {
	due := func(f *dueFinding) int64 { return f.due }
	for _, f := range findings[after(findings, c.lo, due):after(findings, c.asOf, due)] {
		population++
		if f.met {
			met++
		}
	}
	// Due at or before lo, created by lo (always, as created ≤ due) and still open
	// at lo (OpenAt(f, lo)).
	for _, f := range findings[:after(findings, c.lo, due)] {
		if f.created <= c.lo && f.resolved > c.lo {
			population++
		}
	}
	return population, met
}

func (ix *repoIndex) windowDeploys(w *repoWindow, c clock, ar *arenas) {
	w.deploying = inSpan(ix.prodAt, c.deployLo, c.asOf)
	at := func(d *deploy) int64 { return d.at }
	for _, d := range ix.deploys[after(ix.deploys, c.lo, at):after(ix.deploys, c.asOf, at)] {
		if d.failed {
			w.failed++
			if d.recover <= c.asOf {
				ar[durRecovery] = append(ar[durRecovery], d.recover-d.at)
			}
			continue
		}
		w.success++
		if b := d.day - c.baseDay; b >= 0 && b < 128 {
			w.days[b/64] |= 1 << (b % 64)
		}
	}
}

func (w *repoWindow) deployDays() int {
	return bits.OnesCount64(w.days[0]) + bits.OnesCount64(w.days[1])
}
