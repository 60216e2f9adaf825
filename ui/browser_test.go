package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/paved-dev/paved/internal/testkit"
)

const chromiumPath = "/usr/bin/chromium"

// browserProblems collects what a page must never do: throw, log an error
// (CSP violations and failed loads are logged as errors), or open a dialog.
type browserProblems struct {
	testkit.Collected[string]
}

func (p *browserProblems) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *cdpruntime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Source == log.EntrySourceSecurity {
			msg = "log " + string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *page.EventJavascriptDialogOpening:
		msg = "dialog opened: " + ev.Message
	}
	if msg != "" {
		p.Add(msg)
	}
}

// screenshotsDir is where the browser tests save their screenshots:
// $PAVED_SCREENSHOTS (`make screenshots` sets ./screenshots), else a temporary
// directory.
func screenshotsDir(t *testing.T) string {
	dir := os.Getenv("PAVED_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// viewport is a browser window size a page must work at.
type viewport struct {
	name          string
	width, height int64
}

// viewports: a laptop and a phone (390 px is an iPhone's CSS width).
var viewports = []viewport{{"1440", 1440, 900}, {"390", 390, 844}}

// startBrowser starts headless Chromium for the test and returns its context.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests need Chromium at %s (apt-get install chromium): %v", chromiumPath, err)
	}
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return browserCtx
}

// pageVisit opens pages of one server in fresh tabs at a viewport, checks what
// every page must do and saves a full-page screenshot of each.
type pageVisit struct {
	browser context.Context
	base    string
	shots   string
}

// open loads path at vp, waits for the footer, runs fn, then checks that the
// page does not scroll sideways and reported no problem, and saves
// NAME-WIDTH.png.
func (v pageVisit) open(t *testing.T, vp viewport, name, path string, fn func(ctx context.Context) error) {
	t.Helper()
	problems := &browserProblems{}
	tab, closeTab := chromedp.NewContext(v.browser, chromedp.WithListener(problems.listen))
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(vp.width, vp.height)); err != nil {
		t.Fatalf("viewport %s: %v", vp.name, err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(v.base+path)); err != nil {
		t.Fatalf("navigate %s: %v", path, err)
	}
	if err := chromedp.Do(tab, chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if fn != nil {
		if err := fn(tab); err != nil {
			t.Error(err)
		}
	}
	if err := noSidewaysScroll(tab); err != nil {
		t.Errorf("%s at %s px: %v", path, vp.name, err)
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", path, err)
	} else if err := os.WriteFile(filepath.Join(v.shots, name+"-"+vp.name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
	for _, p := range problems.Take() {
		t.Errorf("%s at %s px: %s", path, vp.name, p)
	}
}

// noSidewaysScroll fails when the document is wider than the viewport, naming
// the widest elements that stick out.
func noSidewaysScroll(ctx context.Context) error {
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		const out = ['scrollWidth ' + document.documentElement.scrollWidth + ' > ' + w];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 1 && out.length < 6) {
				let inScroller = false;
				for (let p = el.parentElement; p; p = p.parentElement) {
					const ox = getComputedStyle(p).overflowX;
					if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { inScroller = true; break; }
				}
				if (!inScroller) out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
			}
		}
		return out;
	})()`))
	if err != nil {
		return err
	}
	if len(got) > 0 {
		return fmt.Errorf("scrolls sideways: %s", strings.Join(got, "; "))
	}
	return nil
}

// TestBrowser loads every page in headless Chromium against a real server at a
// laptop's and a phone's width and checks that it runs clean without scrolling
// sideways, that charts draw, that the first screen and the order of sections
// answer first what a reader acts on, that sorting and comparing work; it saves
// a full-page screenshot of each.
func TestBrowser(t *testing.T) {
	browser := startBrowser(t)
	// The sync page shows a collector's identity and quota as serve reports them.
	app := appFor(t, smallDB(t), Options{Quota: func() map[string]QuotaInfo {
		return map[string]QuotaInfo{"gh": {Identity: "GitHub App 123456, installation 7890123", Remaining: 14250, Limit: 15000,
			Reset: seedNow.Add(time.Hour)}}
	}})
	v := pageVisit{browser: browser, base: serve(t, app), shots: screenshotsDir(t)}
	// The same organisation while a first collection still deepens history.
	reading := smallDB(t)
	readHistory(t, reading, `{"n":"4"}`)
	r := pageVisit{browser: browser, base: serve(t, appFor(t, reading, Options{})), shots: v.shots}

	for _, vp := range viewports {
		t.Run(vp.name+" px", func(t *testing.T) {
			t.Run("the overview's first screen holds the overdue count and the oldest overdue age", func(t *testing.T) {
				v.open(t, vp, "overview", "/", all(chartsDrawn(4), aboveTheFold("#overdue-count", "#oldest-overdue")))
			})
			t.Run("the teams page lists every team", func(t *testing.T) {
				v.open(t, vp, "teams", "/teams", nil)
			})
			t.Run("a compare link shows the teams side by side", func(t *testing.T) {
				v.open(t, vp, "compare", "/teams?compare=payments,obrien-core", comparisonShown("Payments", quotedTeam))
			})
			t.Run("a team page shows its overdue findings before its criteria", func(t *testing.T) {
				v.open(t, vp, "team", "/teams/payments", all(chartsDrawn(teamCharts), comesBefore("#overdue-title", "table.criteria")))
			})
			t.Run("a team with a quoted name renders", func(t *testing.T) {
				v.open(t, vp, "team-quoted", "/teams/obrien-core", chartsDrawn(teamCharts))
			})
			t.Run("a repo with a hostile name renders", func(t *testing.T) {
				v.open(t, vp, "repo", repoURL("gh", "acme/"+hostileScript), nil)
			})
			t.Run("the sync page renders", func(t *testing.T) {
				v.open(t, vp, "sync", "/sync", nil)
			})
			t.Run("the digest shows its framed email at full height", func(t *testing.T) {
				v.open(t, vp, "digest", "/digest", frameFitsContent("iframe.digest-frame"))
			})
			t.Run("while history is read the sync page says how far it reaches and what it scores from", func(t *testing.T) {
				r.open(t, vp, "sync-history", "/sync", shown("still being read: 1 repo to go", "stored from "+readingFloor,
					"trend points before "+readingScoredFrom+" are computed from part of their 90-day window"))
			})
			t.Run("while history is read the overview says where trends start", func(t *testing.T) {
				r.open(t, vp, "overview-history", "/", shown("History is still being read: trends start on "+readingScoredFrom))
			})
			t.Run("while history is read a team page says where trends start", func(t *testing.T) {
				r.open(t, vp, "team-history", "/teams/payments", shown("History is still being read: trends start on "+readingScoredFrom,
					"Automation metrics, with sample sizes and trend since "+readingScoredDay))
			})
			t.Run("while history is read the digest shows its framed email at full height", func(t *testing.T) {
				r.open(t, vp, "digest-history", "/digest", frameFitsContent("iframe.digest-frame"))
			})
		})
	}

	vp := viewports[0]
	t.Run("the teams table sorts by a clicked column", func(t *testing.T) {
		v.open(t, vp, "teams-sorted", "/teams", func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`th[data-key="score"] a`))); err != nil {
				return err
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("sort=score")`,
				chromedp.WithPollingTimeout(5*time.Second))); err != nil {
				return fmt.Errorf("sort link did not update the address: %w", err)
			}
			scores, err := chromedp.Run(ctx, chromedp.Poll[[]float64](`(() => {
				const th = document.querySelector('th[data-key="score"]');
				if (!th || th.getAttribute('aria-sort') !== 'descending') return null;
				return Array.from(document.querySelectorAll('#teams-table table.sortable tbody tr td.score')).map(td => parseFloat(td.textContent) || -1);
			})()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				return fmt.Errorf("table was not re-sorted: %w", err)
			}
			for i := 1; i < len(scores); i++ {
				if scores[i] > scores[i-1] {
					return fmt.Errorf("scores not in descending order after sorting: %v", scores)
				}
			}
			if len(scores) < 3 {
				return fmt.Errorf("only %d rows after sorting", len(scores))
			}
			return nil
		})
	})
	t.Run("ticking two teams and comparing shows both", func(t *testing.T) {
		v.open(t, vp, "teams-compare", "/teams", func(ctx context.Context) error {
			if err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#pick-payments`)),
				chromedp.Click(chromedp.CSS(`#pick-search`)),
			); err != nil {
				return err
			}
			if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
				chromedp.Click(chromedp.CSS(`#compare-button`)))); err != nil {
				return fmt.Errorf("submit the compare form: %w", err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('#compare-title')`,
				chromedp.WithPollingTimeout(5*time.Second))); err != nil {
				return fmt.Errorf("compare form did not show a comparison: %w", err)
			}
			return comparisonShown("Payments", "Search")(ctx)
		})
	})
}

// shown checks that each text is in the page, in an element that is visible and
// lies within the window's width (wrapped, not cut off or pushed sideways).
func shown(texts ...string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for _, text := range texts {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
				const want = %q;
				let el = null;
				for (const e of document.querySelectorAll('main *')) {
					if (e.textContent.replace(/\s+/g, ' ').includes(want)) el = e;
				}
				if (!el) return 'missing';
				const r = el.getBoundingClientRect(), w = document.documentElement.clientWidth;
				if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') return 'not shown';
				if (r.left < 0 || r.right > w + 1) return 'outside the window: ' + Math.round(r.left) + '–' + Math.round(r.right) + ' of ' + w;
				return '';
			})()`, text)))
			if err != nil {
				return err
			}
			if got != "" {
				return fmt.Errorf("%q: %s", text, got)
			}
		}
		return nil
	}
}

// all runs the checks in turn, stopping at the first that fails.
func all(checks ...func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for _, c := range checks {
			if err := c(ctx); err != nil {
				return err
			}
		}
		return nil
	}
}

// aboveTheFold checks that each selector's element is visible within the first
// screen, without scrolling.
func aboveTheFold(selectors ...string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for _, sel := range selectors {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
				const el = document.querySelector(%q);
				if (!el) return 'missing';
				const r = el.getBoundingClientRect();
				if (r.width === 0 || r.height === 0) return 'not shown';
				if (r.bottom > window.innerHeight) return 'below the fold: bottom ' + Math.round(r.bottom) + ' > ' + window.innerHeight;
				if (!el.textContent.trim()) return 'empty';
				return '';
			})()`, sel)))
			if err != nil {
				return err
			}
			if got != "" {
				return fmt.Errorf("%s: %s", sel, got)
			}
		}
		return nil
	}
}

// frameFitsContent checks that the frame is as tall as the document in it and
// that the document is no wider than the frame, so nothing in it is cut off.
func frameFitsContent(sel string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		js := fmt.Sprintf(`(() => {
			const f = document.querySelector(%q);
			const doc = f && f.contentDocument;
			if (!doc || doc.readyState !== 'complete' || !doc.body) return 'email not loaded';
			const root = doc.documentElement;
			if (root.scrollWidth > root.clientWidth) return 'its email is ' + root.scrollWidth + ' px wide in a frame ' + root.clientWidth + ' px wide';
			return f.clientHeight >= root.scrollHeight ? '' : 'frame ' + f.clientHeight + ' px tall, its email ' + root.scrollHeight + ' px';
		})()`, sel)
		// Poll until the frame fits (the page sizes it once the email has loaded),
		// then say what is wrong if it never does.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js+` === ''`, chromedp.WithPollingTimeout(5*time.Second))); err == nil {
			return nil
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			return err
		}
		return fmt.Errorf("%s cut off: %s", sel, got)
	}
}

// comesBefore checks that the element first matches precedes the one second
// matches in the document.
func comesBefore(first, second string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const a = document.querySelector(%q), b = document.querySelector(%q);
			if (!a || !b) return 'missing: ' + (a ? %q : %q);
			return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? '' : 'comes after';
		})()`, first, second, second, first)))
		if err != nil {
			return err
		}
		if got != "" {
			return fmt.Errorf("%s before %s: %s", first, second, got)
		}
		return nil
	}
}

// chartsDrawn checks that n canvases hold a drawn Chart.js chart with a size.
func chartsDrawn(n int) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		got, err := chromedp.Run(ctx, chromedp.Poll[int](fmt.Sprintf(`(() => {
			const cs = Array.from(document.querySelectorAll('canvas[data-chart]'));
			const drawn = cs.filter(c => window.Chart && Chart.getChart(c) && c.width > 0 && c.height > 0);
			return drawn.length >= %d ? drawn.length : 0;
		})()`, n), chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			return fmt.Errorf("want %d drawn charts: %w", n, err)
		}
		if got != n {
			return fmt.Errorf("drawn charts = %d, want %d", got, n)
		}
		return nil
	}
}

// comparisonShown checks that the comparison names each team and overlays
// their score trends.
func comparisonShown(names ...string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		head, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.compare-table thead`)))
		if err != nil {
			return err
		}
		for _, n := range names {
			if !strings.Contains(head, n) {
				return fmt.Errorf("comparison header %q lacks %q", head, n)
			}
		}
		kind, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
			const c = document.querySelector('canvas[data-chart="chart-compare"]');
			const ch = c && window.Chart && Chart.getChart(c);
			return ch && c.width > 0 ? ch.config.type : '';
		})()`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			return fmt.Errorf("score trends not drawn: %w", err)
		}
		if kind != "line" {
			return fmt.Errorf("comparison chart is %q, want line", kind)
		}
		return nil
	}
}

// teamCharts: a team page draws its score trend and one chart per dimension; its
// levels over time are a strip of cells, not a chart.
const teamCharts = 6
