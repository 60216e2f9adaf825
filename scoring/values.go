package scoring

// Constructors of metric values from pooled counts and durations. A metric
// without a denominator or samples is null, never 0: no data is not a bad score.

func ratio(num, den int) Metric {
	if den == 0 {
		return Metric{}
	}
	v := float64(num) / float64(den)
	return Metric{Value: &v, Samples: den}
}

// per100 is num × 100 ÷ den, null without a denominator.
func per100(num, den int) Metric {
	if den == 0 {
		return Metric{}
	}
	v := float64(num) * 100 / float64(den)
	return Metric{Value: &v, Samples: den}
}

func perSample(v float64, samples int) Metric {
	if samples == 0 {
		return Metric{}
	}
	return Metric{Value: &v, Samples: samples}
}

// p50Of is the median of the pooled durations of kind k, in the metric's unit.
func p50Of(k int) func(p *pool, u Unit) Metric { return percentileOf(k, median) }

// p90Of is the nearest-rank 90th percentile of the pooled durations of kind k, in
// the metric's unit.
func p90Of(k int) func(p *pool, u Unit) Metric { return percentileOf(k, p90) }

func percentileOf(k int, percentile func([]int64) float64) func(p *pool, u Unit) Metric {
	return func(p *pool, u Unit) Metric {
		d := p.dur[k]
		if len(d) == 0 {
			return Metric{}
		}
		v := percentile(d) / float64(u.scale())
		return Metric{Value: &v, Samples: len(d)}
	}
}
