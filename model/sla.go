package model

import "time"

// SLADays is the remediation SLA per severity, in days.
type SLADays struct {
	Critical, High, Medium, Low int
}

// DefaultSLADays are the maturity model's defaults.
var DefaultSLADays = SLADays{Critical: 15, High: 30, Medium: 90, Low: 180}

// Days returns the SLA for a normalised severity.
func (s SLADays) Days(severity string) int {
	switch severity {
	case SeverityCritical:
		return s.Critical
	case SeverityHigh:
		return s.High
	case SeverityMedium:
		return s.Medium
	default:
		return s.Low
	}
}

// DueAt is created + SLA(severity).
func (s SLADays) DueAt(created time.Time, severity string) time.Time {
	return created.AddDate(0, 0, s.Days(severity))
}
