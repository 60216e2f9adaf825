package ui

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/internal/testkit"
)

// BenchmarkPages serves the overview and a team page from a real database under
// concurrent load over loopback, and a constant fiber page in the same run as
// the baseline. PAVED_BENCH_LARGE=1 uses 40 teams of 8 repos with a year of
// history each; the default is the small organisation of the tests.
func BenchmarkPages(b *testing.B) {
	benchPages(b, []testkit.Store{{Database: testkit.Database(b)}})
}

// BenchmarkPagesStores is BenchmarkPages on SQLite and on Postgres, the same
// organisation seeded into each, their pages loaded in turn in one run; each
// store's figures are prefixed with its name. Goal: p99 < 50 ms on both.
func BenchmarkPagesStores(b *testing.B) {
	benchPages(b, testkit.BothStores(b))
}

func benchPages(b *testing.B, stores []testkit.Store) {
	o := smallSeed()
	o.hostile = false
	requests := 2000
	if os.Getenv("PAVED_BENCH_LARGE") == "1" {
		o = largeSeed(40, 8)
		requests = 4000
	}
	const clients = 16
	static := fiber.New(fiber.Config{DisableStartupMessage: true})
	static.Get("/static", func(c *fiber.Ctx) error { return c.SendString("ok") })
	type target struct{ name, url string }
	targets := []target{{"static", serve(b, static) + "/static"}}
	team := "/teams/" + o.teams[0].slug
	for _, s := range stores {
		d := openDBAt(b, s.Database)
		start := time.Now()
		seed(b, d, o)
		b.Logf("%s: seeded %d teams × %d repos in %s", cmp.Or(s.Name, "database"), len(o.teams), o.reposPerTeam, time.Since(start).Round(time.Millisecond))
		base := serve(b, appFor(b, d, Options{}))
		targets = append(targets, target{prefixed(s, "overview"), base + "/"}, target{prefixed(s, "team"), base + team})
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, DisableCompression: true}}
	for _, tg := range targets { // warm the caches and connections
		if _, err := load(client, tg.url, clients, clients*2); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	results := map[string]loadResult{}
	for range b.N {
		for _, tg := range targets {
			r, err := load(client, tg.url, clients, requests)
			if err != nil {
				b.Fatal(err)
			}
			results[tg.name] = r
		}
	}
	b.StopTimer()
	for _, tg := range targets {
		r := results[tg.name]
		b.ReportMetric(r.p50, tg.name+"_p50_ms")
		b.ReportMetric(r.p99, tg.name+"_p99_ms")
		b.ReportMetric(r.rps, tg.name+"_req/s")
		if tg.name != "static" {
			b.ReportMetric(r.rps/results["static"].rps, tg.name+"/static")
		}
	}
	b.ReportMetric(0, "ns/op") // one op is the whole load run; its time says nothing
}

// prefixed is a page's name in the figures: with its store's name when the
// benchmark compares stores.
func prefixed(s testkit.Store, page string) string {
	if s.Name == "" {
		return page
	}
	return s.Name + "_" + page
}

func serve(tb testing.TB, app *fiber.App) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	tb.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String()
}

type loadResult struct {
	p50, p99 float64 // milliseconds
	rps      float64
}

// load sends n GETs to url from c concurrent clients and measures each one.
func load(client *http.Client, url string, c, n int) (loadResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := fetch(ctx, client, url)
				lat[i] = time.Since(t0)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return loadResult{}, firstErr
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return loadResult{
		p50: ms(lat[n/2]),
		p99: ms(lat[min(n-1, n*99/100)]),
		rps: float64(n) / elapsed.Seconds(),
	}, nil
}

func fetch(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
