-- wrk's report as one tab-separated line (ops/bench-pages): requests/s, p50, p95, p99 and max in ms, non-2xx/3xx, socket errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
