package digest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
)

// charts draws the digest's trend charts.
func charts(d *Digest) ([]Image, error) {
	pngs, err := trendCharts(d.Trend)
	if err != nil {
		return nil, err
	}
	scope := "The organisation's"
	if t := d.audienceTeam(); t != nil {
		scope = truncate(t.Name, 60) + "'s"
	}
	weeks := strconv.Itoa(len(d.Trend))
	var out []Image
	if pngs[0] != nil {
		out = append(out, Image{ContentID: "score-trend@paved", Filename: "score-trend.png",
			Alt: scope + " maturity score over the last " + weeks + " weeks", Data: pngs[0]})
	}
	if pngs[1] != nil {
		out = append(out, Image{ContentID: "level-trend@paved", Filename: "level-trend.png",
			Alt: scope + " level per dimension over the last " + weeks + " weeks", Data: pngs[1]})
	}
	return out, nil
}

// Drawing a chart takes about 50 ms, and one digest is rendered for every
// channel and team recipient (and the dashboard's /digest page): the PNGs are
// kept by trend, which is all they depend on.
var chartCache = struct {
	sync.Mutex
	byTrend map[[sha256.Size]byte][2][]byte
	order   [][sha256.Size]byte
}{byTrend: map[[sha256.Size]byte][2][]byte{}}

const chartCacheSize = 32

// trendCharts returns the score and the level chart of a trend, nil for a chart
// with nothing to draw. The PNGs are shared: callers must not modify them.
func trendCharts(trend []TrendPoint) ([2][]byte, error) {
	key, err := trendKey(trend)
	if err != nil {
		return [2][]byte{}, err
	}
	chartCache.Lock()
	cached, ok := chartCache.byTrend[key]
	chartCache.Unlock()
	if ok {
		return cached, nil
	}
	var pngs [2][]byte
	if pngs[0], _, err = scoreChart(trend); err != nil {
		return pngs, err
	}
	if pngs[1], _, err = levelsChart(trend); err != nil {
		return pngs, err
	}
	chartCache.Lock()
	defer chartCache.Unlock()
	if _, ok := chartCache.byTrend[key]; !ok {
		if len(chartCache.order) == chartCacheSize {
			delete(chartCache.byTrend, chartCache.order[0])
			chartCache.order = chartCache.order[1:]
		}
		chartCache.byTrend[key] = pngs
		chartCache.order = append(chartCache.order, key)
	}
	return pngs, nil
}

func trendKey(trend []TrendPoint) ([sha256.Size]byte, error) {
	b, err := json.Marshal(trend)
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("draw chart: %w", err)
	}
	return sha256.Sum256(b), nil
}
