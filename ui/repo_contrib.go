package ui

import (
	"strconv"
	"strings"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// contribGroup is a dimension's counts for one repo beside the organisation's.
type contribGroup struct {
	Label string
	Rows  []contribRow
}

type contribRow struct {
	Label string
	Repo  string
	Org   string
}

// contributions explains what one repo adds to each metric's numerator and
// denominator in the window, next to the organisation's totals.
func contributions(r scoring.RepoSummary, all []scoring.RepoSummary) []contribGroup {
	var org scoring.RepoSummary
	scanning, active := 0, 0
	for _, x := range all {
		a, sl, rm, rv, dl := x.Automation, x.ShiftLeft, x.Remediation, x.Review, x.Delivery
		org.Automation.DefaultBranchRuns += a.DefaultBranchRuns
		org.Automation.CompletedRuns += a.CompletedRuns
		org.Automation.FirstAttemptSuccesses += a.FirstAttemptSuccesses
		org.Automation.MergedPRs += a.MergedPRs
		org.Automation.MergedPRsWithCI += a.MergedPRsWithCI
		org.ShiftLeft.MergedPRsWithScan += sl.MergedPRsWithScan
		org.ShiftLeft.EscapedFindings += sl.EscapedFindings
		org.Remediation.DueCriticalHigh += rm.DueCriticalHigh
		org.Remediation.MetCriticalHigh += rm.MetCriticalHigh
		org.Remediation.DueMedium += rm.DueMedium
		org.Remediation.MetMedium += rm.MetMedium
		org.Remediation.FixedCritical += rm.FixedCritical
		org.Remediation.OpenCriticalHigh += rm.OpenCriticalHigh
		org.Remediation.OverdueCriticalHigh += rm.OverdueCriticalHigh
		org.Remediation.Closed += rm.Closed
		org.Remediation.RiskAccepted += rm.RiskAccepted
		org.Review.HumanMergedPRs += rv.HumanMergedPRs
		org.Review.Approved += rv.Approved
		org.Review.PickedUp += rv.PickedUp
		org.Delivery.Successful += dl.Successful
		org.Delivery.Failed += dl.Failed
		org.Delivery.LeadTimes += dl.LeadTimes
		org.Delivery.Recoveries += dl.Recoveries
		if x.Active {
			active++
			if len(sl.Categories) > 0 {
				scanning++
			}
		}
	}
	of := func(n, d int) string { return strconv.Itoa(n) + " of " + strconv.Itoa(d) }
	n := strconv.Itoa
	cats := strings.Join(r.ShiftLeft.Categories, ", ")
	if cats == "" {
		cats = "none"
	}
	deploys := "no"
	if r.Delivery.DeploysToProduction {
		deploys = "yes"
	}
	return []contribGroup{
		{labels.Dimension(scoring.DimAutomation), []contribRow{
			{"Default-branch runs in the window", n(r.Automation.DefaultBranchRuns), n(org.Automation.DefaultBranchRuns)},
			{"Completed runs that succeeded on the first attempt", of(r.Automation.FirstAttemptSuccesses, r.Automation.CompletedRuns), of(org.Automation.FirstAttemptSuccesses, org.Automation.CompletedRuns)},
			{"Merged PRs with a pipeline run", of(r.Automation.MergedPRsWithCI, r.Automation.MergedPRs), of(org.Automation.MergedPRsWithCI, org.Automation.MergedPRs)},
		}},
		{labels.Dimension(scoring.DimShiftLeft), []contribRow{
			{"Scan categories seen in the window", cats, of(scanning, active) + " active repos scan"},
			{"Merged PRs that ran a scan", of(r.ShiftLeft.MergedPRsWithScan, r.Automation.MergedPRs), of(org.ShiftLeft.MergedPRsWithScan, org.Automation.MergedPRs)},
			{"Critical/high SAST and secret findings created", n(r.ShiftLeft.EscapedFindings), n(org.ShiftLeft.EscapedFindings)},
		}},
		{labels.Dimension(scoring.DimRemediation), []contribRow{
			{"Critical/high findings due in the window, SLA met", of(r.Remediation.MetCriticalHigh, r.Remediation.DueCriticalHigh), of(org.Remediation.MetCriticalHigh, org.Remediation.DueCriticalHigh)},
			{"Medium findings due in the window, SLA met", of(r.Remediation.MetMedium, r.Remediation.DueMedium), of(org.Remediation.MetMedium, org.Remediation.DueMedium)},
			{"Critical findings fixed in the window", n(r.Remediation.FixedCritical), n(org.Remediation.FixedCritical)},
			{"Open critical/high findings past their SLA", of(r.Remediation.OverdueCriticalHigh, r.Remediation.OpenCriticalHigh), of(org.Remediation.OverdueCriticalHigh, org.Remediation.OpenCriticalHigh)},
			{"Closed findings that were risk-accepted", of(r.Remediation.RiskAccepted, r.Remediation.Closed), of(org.Remediation.RiskAccepted, org.Remediation.Closed)},
		}},
		{labels.Dimension(scoring.DimReview), []contribRow{
			{"Human PRs merged with another person's approval", of(r.Review.Approved, r.Review.HumanMergedPRs), of(org.Review.Approved, org.Review.HumanMergedPRs)},
			{"Human PRs merged that had a review", of(r.Review.PickedUp, r.Review.HumanMergedPRs), of(org.Review.PickedUp, org.Review.HumanMergedPRs)},
		}},
		{labels.Dimension(scoring.DimDelivery), []contribRow{
			{"Deploys to production", deploys, ""},
			{"Successful production deployments in the window", n(r.Delivery.Successful), n(org.Delivery.Successful)},
			{"Failed production deployments in the window", n(r.Delivery.Failed), n(org.Delivery.Failed)},
			{"Days with a successful production deployment", n(r.Delivery.DeployDays), ""},
			{"Merged PRs that reached production", n(r.Delivery.LeadTimes), n(org.Delivery.LeadTimes)},
			{"Failed deployments followed by a success", of(r.Delivery.Recoveries, r.Delivery.Failed), of(org.Delivery.Recoveries, org.Delivery.Failed)},
		}},
	}
}
