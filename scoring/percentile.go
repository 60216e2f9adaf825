package scoring

// Percentiles run over pooled durations (nanoseconds). They reorder their input,
// which is always a scratch buffer, so the O(n) selection replaces a sort.

// median is the middle value, or the mean of the two middle values when n is even.
func median(d []int64) float64 {
	n := len(d)
	if n == 0 {
		return 0
	}
	k := n / 2
	hi := selectKth(d, k)
	if n%2 == 1 {
		return float64(hi)
	}
	// After selection every element left of k is <= d[k]; the other middle value is
	// the largest of them.
	lo := d[0]
	for _, v := range d[1:k] {
		lo = max(lo, v)
	}
	return (float64(lo) + float64(hi)) / 2
}

// p90 is the nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest value.
func p90(d []int64) float64 {
	n := len(d)
	if n == 0 {
		return 0
	}
	rank := (9*n + 9) / 10 // ⌈9n/10⌉ in integers, free of float rounding
	return float64(selectKth(d, rank-1))
}

// selectKth puts the k-th smallest value (0-based) at d[k], smaller-or-equal values
// before it and greater-or-equal after, and returns it. Hoare's partition stops on
// values equal to the pivot from both sides, which keeps runs of equal durations
// (many zeros) balanced.
func selectKth(d []int64, k int) int64 {
	lo, hi := 0, len(d)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if d[mid] < d[lo] {
			d[mid], d[lo] = d[lo], d[mid]
		}
		if d[hi] < d[lo] {
			d[hi], d[lo] = d[lo], d[hi]
		}
		if d[hi] < d[mid] {
			d[hi], d[mid] = d[mid], d[hi]
		}
		pivot := d[mid]
		i, j := lo, hi
		for i <= j {
			for d[i] < pivot {
				i++
			}
			for d[j] > pivot {
				j--
			}
			if i <= j {
				d[i], d[j] = d[j], d[i]
				i++
				j--
			}
		}
		// d[lo..j] <= pivot <= d[i..hi], and everything strictly between equals pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return d[k]
		}
	}
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && d[j] < d[j-1]; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
	return d[k]
}
