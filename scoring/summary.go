package scoring

// summary is one repo's own figures in the current snapshot.
func (ix *repoIndex) summary(w *repoWindow) RepoSummary {
	f := ix.meta
	return RepoSummary{
		Repo: ix.id, Source: f.Source, FullName: f.FullName,
		Archived: f.Archived, Fork: f.Fork, Active: w.active,
		Automation: RepoAutomation{
			DefaultBranchRuns:     w.defRuns,
			CompletedRuns:         w.completed,
			FirstAttemptSuccesses: w.firstOK,
			MergedPRs:             w.merged,
			MergedPRsWithCI:       w.mergedRun,
		},
		ShiftLeft: RepoShiftLeft{
			Categories:        w.cats.Names(),
			MergedPRsWithScan: w.mergedScan,
			EscapedFindings:   w.escaped,
		},
		Remediation: RepoRemediation{
			DueCriticalHigh:     w.dueCH,
			MetCriticalHigh:     w.metCH,
			DueMedium:           w.dueMed,
			MetMedium:           w.metMed,
			FixedCritical:       w.fixedCrit,
			OpenCriticalHigh:    w.openCH,
			OverdueCriticalHigh: w.overdue,
			Closed:              w.closed,
			RiskAccepted:        w.riskAccepted,
		},
		Review: RepoReview{HumanMergedPRs: w.human, Approved: w.approved, PickedUp: w.pickedUp},
		Delivery: RepoDelivery{
			DeploysToProduction: w.deploying,
			Successful:          w.success,
			Failed:              w.failed,
			DeployDays:          w.deployDays(),
			LeadTimes:           w.spans[durLead].hi - w.spans[durLead].lo,
			Recoveries:          w.spans[durRecovery].hi - w.spans[durRecovery].lo,
		},
	}
}
