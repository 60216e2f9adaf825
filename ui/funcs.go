package ui

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// templateFuncs never return template.HTML: everything a page shows goes through
// html/template's contextual escaping.
var templateFuncs = template.FuncMap{
	"level":          formatLevel,
	"shortLevel":     shortLevel,
	"lvlClass":       levelClass,
	"score":          formatScore,
	"value":          labels.FormatValue,
	"gap":            formatGap,
	"op":             labels.OpSymbol,
	"threshold":      formatThreshold,
	"dimLabel":       labels.Dimension,
	"metricLabel":    labels.MetricLabel,
	"time":           formatTime,
	"detailsLimited": func() string { return detailsLimitedNote },
	"date":           formatDate,
	"age":            formatAge,
	"trunc":          func(s string) string { return truncate(maxDisplay, s) },
	"truncN":         truncate,
	"signed":         signed,
	"plural":         labels.Plural,
	"enum":           labels.Enum,
	"humanize":       labels.Humanize,
	"result":         resultText,
	"teamURL":        teamURL,
	"repoURL":        repoURL,
	"repoKeyURL":     repoKeyURL,
	"webURL":         webURL,
	"add":            func(a, b int) int { return a + b },
	"deref":          deref,
	"derefTime":      derefTime,
}

func levelClass(l *int) string {
	if l == nil {
		return "lvl lvl-none"
	}
	return "lvl lvl-" + strconv.Itoa(*l)
}

func formatThreshold(metric string, t float64) string { return labels.FormatValue(metric, &t) }

// resultText spells out a criterion's result so that colour is never the only
// signal.
func resultText(r string) string {
	switch r {
	case scoring.ResultMet:
		return "✓ met"
	case scoring.ResultUnmet:
		return "✗ unmet"
	case scoring.ResultSkipped:
		return "– skipped"
	}
	return r
}

func teamURL(slug string) string { return "/teams/" + url.PathEscape(slug) }

// repoURL is the page of a repo; a GitLab full name keeps its slashes as path
// segments.
func repoURL(source, fullName string) string {
	parts := strings.Split(fullName, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/repos/" + url.PathEscape(source) + "/" + strings.Join(parts, "/")
}

// repoKeyURL is repoURL for a "source:full_name" key.
func repoKeyURL(key string) string {
	source, name, _ := strings.Cut(key, ":")
	return repoURL(source, name)
}

// webURL keeps a forge link only when it is plain http(s) to a host, without
// user-info; anything else (javascript:, data:, scheme-relative, user@host
// look-alikes) is dropped rather than linked. The collectors already keep
// only links on the source's own web host (collectors.ForgeLink); this is
// the last guard for what the page links.
func webURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return u.String()
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
