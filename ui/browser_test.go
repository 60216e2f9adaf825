package ui

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browserProblems collects what a page must never do: throw, log an error
// (CSP violations and failed loads are logged as errors), or open a dialog.
type browserProblems struct {
	mu   sync.Mutex
	list []string
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
		p.mu.Lock()
		p.list = append(p.list, msg)
		p.mu.Unlock()
	}
}

func (p *browserProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.list
	p.list = nil
	return out
}

func artifactsDir(t *testing.T) string {
	if dir := os.Getenv("PAVED_ARTIFACTS"); dir != "" {
		return dir
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "artifacts", "screenshots")
}

// TestBrowser loads every page in headless Chromium against a real server and
// checks that it runs clean, that charts draw, that sorting and comparing work,
// and saves a full-page screenshot of each.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests need Chromium at %s (apt-get install chromium): %v", chromiumPath, err)
	}
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	app, _ := smallApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	base := "http://" + ln.Addr().String()

	shots := artifactsDir(t)
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
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
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	// open runs fn in a fresh tab that reports its problems.
	open := func(t *testing.T, name, path string, fn func(ctx context.Context) error) {
		t.Helper()
		problems := &browserProblems{}
		tab, closeTab := chromedp.NewContext(browserCtx, chromedp.WithListener(problems.listen))
		defer closeTab()
		if err := chromedp.Do(tab, chromedp.Navigate(base+path)); err != nil {
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
		png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			t.Errorf("screenshot %s: %v", path, err)
		} else if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
		for _, p := range problems.take() {
			t.Errorf("%s: %s", path, p)
		}
	}

	t.Run("the overview draws its trend charts", func(t *testing.T) {
		open(t, "overview", "/", chartsDrawn(4))
	})
	t.Run("the teams table sorts by a clicked column", func(t *testing.T) {
		open(t, "teams", "/teams", func(ctx context.Context) error {
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
				return Array.from(document.querySelectorAll('#teams-table tbody tr td.num')).map(td => parseFloat(td.textContent) || -1);
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
	t.Run("ticking two teams and comparing shows both on a radar", func(t *testing.T) {
		open(t, "teams-compare", "/teams", func(ctx context.Context) error {
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
	t.Run("a compare link shows the teams side by side", func(t *testing.T) {
		open(t, "compare", "/teams?compare=payments,obrien-core", comparisonShown("Payments", quotedTeam))
	})
	t.Run("a team page draws its charts", func(t *testing.T) {
		open(t, "team", "/teams/payments", chartsDrawn(7))
	})
	t.Run("a team with a quoted name renders", func(t *testing.T) {
		open(t, "team-quoted", "/teams/obrien-core", chartsDrawn(7))
	})
	t.Run("a repo with a hostile name renders", func(t *testing.T) {
		open(t, "repo", repoURL("gh", "acme/"+hostileScript), nil)
	})
	t.Run("the sync page renders", func(t *testing.T) {
		open(t, "sync", "/sync", nil)
	})
	t.Run("the digest renders with its framed email", func(t *testing.T) {
		open(t, "digest", "/digest", nil)
	})
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

// comparisonShown checks that the comparison names each team and draws a radar.
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
			return fmt.Errorf("radar chart not drawn: %w", err)
		}
		if kind != "radar" {
			return fmt.Errorf("comparison chart is %q, want radar", kind)
		}
		return nil
	}
}
