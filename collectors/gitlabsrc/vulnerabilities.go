package gitlabsrc

import (
	"context"
	"fmt"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// KindVulnerability is the finding kind of GitLab vulnerabilities.
const KindVulnerability = "gitlab_vulnerability"

// vulnerabilitiesQuery reads a page of a project's vulnerabilities, newest
// detection first. GitLab's Project.vulnerabilities has no updatedAfter
// filter, so every pass pages through them all and keeps what changed.
const vulnerabilitiesQuery = `query pavedVulnerabilities($fullPath: ID!, $first: Int, $after: String) {
  project(fullPath: $fullPath) {
    vulnerabilities(first: $first, after: $after, sort: detected_desc) {
      nodes {
        id title severity reportType state dismissalReason
        detectedAt resolvedAt dismissedAt updatedAt webUrl
        scanner { name }
        primaryIdentifier { name }
        location {
          __typename
          ... on VulnerabilityLocationSast { file startLine }
          ... on VulnerabilityLocationSecretDetection { file startLine }
          ... on VulnerabilityLocationDependencyScanning { file dependency { package { name } version } }
          ... on VulnerabilityLocationContainerScanning { image dependency { package { name } version } }
          ... on VulnerabilityLocationDast { hostname path }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`

type vulnDependency struct {
	Package *struct {
		Name string `json:"name"`
	} `json:"package"`
	Version string `json:"version"`
}

type vulnLocation struct {
	File       string          `json:"file"`
	StartLine  any             `json:"startLine"` // a String in GitLab's schema; tolerated as a number
	Image      string          `json:"image"`
	Hostname   string          `json:"hostname"`
	Path       string          `json:"path"`
	Dependency *vulnDependency `json:"dependency"`
}

type vulnNode struct {
	ID              string     `json:"id"`
	Title           string     `json:"title"`
	Severity        string     `json:"severity"`
	ReportType      string     `json:"reportType"`
	State           string     `json:"state"`
	DismissalReason string     `json:"dismissalReason"`
	DetectedAt      *time.Time `json:"detectedAt"`
	ResolvedAt      *time.Time `json:"resolvedAt"`
	DismissedAt     *time.Time `json:"dismissedAt"`
	UpdatedAt       *time.Time `json:"updatedAt"`
	WebURL          string     `json:"webUrl"`
	Scanner         *struct {
		Name string `json:"name"`
	} `json:"scanner"`
	PrimaryIdentifier *struct {
		Name string `json:"name"`
	} `json:"primaryIdentifier"`
	Location *vulnLocation `json:"location"`
}

// vulnProject is the project as vulnerabilitiesQuery reads it.
type vulnProject struct {
	Vulnerabilities *connection[vulnNode] `json:"vulnerabilities"`
}

// collectVulnerabilities pages through the project's vulnerabilities and
// stores those updated since the watermark (all of them on a first or full
// pass), one batch per page with the GraphQL cursor it reached.
func (r *projectRun) collectVulnerabilities(ctx context.Context) error {
	cur, err := r.Store.Cursor(ctx, r.c.cfg.Name, r.p.FullName, model.ResourceFindings)
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	st := decodeState(cur.Position)
	var since time.Time // zero: keep every vulnerability
	if !r.Opts.Full && !cur.Watermark.IsZero() {
		since = cur.Watermark.Add(-overlap)
	}
	after, high := "", time.Time{}
	if st.Next != "" && !r.Opts.Full {
		after, since, high = st.Next, collectors.UnixTime(st.Since), st.HighTime()
	}
	for {
		page, err := r.vulnerabilityPage(ctx, after)
		if err != nil {
			return err
		}
		var b model.Batch
		info := gitlab.PageInfo{}
		if page != nil { // nil: the instance offers no vulnerability data for the project
			info = page.PageInfo
			for _, n := range page.Nodes {
				updated := timeOf(n.UpdatedAt)
				high = collectors.LaterOf(high, updated)
				if since.IsZero() || updated.After(since) {
					b.Findings = append(b.Findings, r.convertVulnerability(n))
				}
			}
		}
		last := !info.HasNextPage || info.EndCursor == ""
		cur.Items += int64(b.Len())
		if last {
			cur.Watermark = collectors.Advance(cur.Watermark, high, r.Now)
			cur.LastSuccess, cur.LastError = r.Now, ""
			st = state{}
		} else {
			st.Next, st.Since, st.High = info.EndCursor, collectors.UnixOf(since), collectors.UnixOf(high)
		}
		cur.Position = st.encode()
		b.Cursors = []model.Cursor{cur}
		if err := r.Apply(ctx, b); err != nil {
			return err
		}
		if last {
			return nil
		}
		after = info.EndCursor
	}
}

// vulnerabilityPage runs the query once. A project GitLab does not show is an
// error; a project without vulnerability data (no Ultimate) has none.
func (r *projectRun) vulnerabilityPage(ctx context.Context, after string) (*connection[vulnNode], error) {
	vars := map[string]any{"fullPath": r.p.FullName, "first": r.c.pageSize}
	if after != "" {
		vars["after"] = after
	}
	ans, err := queryProject[vulnProject](ctx, r, model.ResourceFindings, vulnerabilitiesQuery, vars)
	if err != nil {
		return nil, err
	}
	if len(ans.Errors) > 0 {
		msgs := make([]string, len(ans.Errors))
		for i, e := range ans.Errors {
			msgs[i] = sanitize.Line(e.Message, sanitize.MaxLine)
		}
		return nil, fmt.Errorf("GitLab GraphQL error: %s", strings.Join(msgs, "; "))
	}
	if ans.Data.Project == nil {
		return nil, fmt.Errorf("GitLab GraphQL does not show the project %q", r.p.FullName)
	}
	v := ans.Data.Project.Vulnerabilities
	if v == nil {
		return nil, nil
	}
	return v, nil
}

func (r *projectRun) convertVulnerability(n vulnNode) model.Finding {
	f := model.Finding{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		Kind:        KindVulnerability,
		ForgeID:     sanitize.Line(vulnID(n.ID), sanitize.MaxName),
		Category:    vulnCategory(n.ReportType),
		Severity:    vulnSeverity(n.Severity),
		State:       sanitize.Line(strings.ToLower(n.State), sanitize.MaxName),
		Outcome:     vulnOutcome(n.State, n.DismissalReason),
		RuleText:    sanitize.Line(n.Title, sanitize.MaxText),
		Location:    sanitize.Line(vulnLocationText(n.Location), sanitize.MaxLine),
		CreatedAt:   timeOf(n.DetectedAt),
		UpdatedAt:   timeOf(n.UpdatedAt),
		HTMLURL:     r.c.link(n.WebURL),
	}
	if n.Scanner != nil {
		f.Tool = sanitize.Line(n.Scanner.Name, sanitize.MaxName)
	}
	if n.PrimaryIdentifier != nil {
		f.Rule = sanitize.Line(n.PrimaryIdentifier.Name, sanitize.MaxName)
	}
	switch strings.ToUpper(n.State) {
	case "RESOLVED":
		f.ResolvedAt = timeOf(n.ResolvedAt)
	case "DISMISSED":
		f.Reason = sanitize.Line(strings.ToLower(n.DismissalReason), sanitize.MaxName)
		f.ResolvedAt = timeOf(n.DismissedAt)
	}
	f.DueAt = r.c.cfg.SLADays.DueAt(f.CreatedAt, f.Severity)
	return f
}

// vulnID is the numeric part of a global ID ("gid://gitlab/Vulnerability/42").
func vulnID(gid string) string {
	if i := strings.LastIndex(gid, "/"); i >= 0 && i < len(gid)-1 {
		return gid[i+1:]
	}
	return gid
}

// vulnLocationText is "file:line" for code findings, "package@version
// (file or image)" for dependencies, host and path for DAST.
func vulnLocationText(l *vulnLocation) string {
	if l == nil {
		return ""
	}
	if d := l.Dependency; d != nil && d.Package != nil && d.Package.Name != "" {
		pkg := d.Package.Name
		if d.Version != "" {
			pkg += "@" + d.Version
		}
		switch {
		case l.File != "":
			return pkg + " (" + l.File + ")"
		case l.Image != "":
			return pkg + " (" + l.Image + ")"
		}
		return pkg
	}
	switch {
	case l.File != "":
		if line := fmt.Sprint(l.StartLine); l.StartLine != nil && line != "" {
			return l.File + ":" + line
		}
		return l.File
	case l.Image != "":
		return l.Image
	case l.Hostname != "" || l.Path != "":
		return l.Hostname + l.Path
	}
	return ""
}
