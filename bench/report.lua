-- wrk's summary in lines that bench/stats.py reads (wrk's own text has no p95).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH duration_us %d\n", summary.duration))
  io.write(string.format("BENCH errors_connect %d\n", e.connect))
  io.write(string.format("BENCH errors_read %d\n", e.read))
  io.write(string.format("BENCH errors_write %d\n", e.write))
  io.write(string.format("BENCH errors_status %d\n", e.status))
  io.write(string.format("BENCH errors_timeout %d\n", e.timeout))
  io.write(string.format("BENCH p50_us %d\n", latency:percentile(50)))
  io.write(string.format("BENCH p95_us %d\n", latency:percentile(95)))
  io.write(string.format("BENCH p99_us %d\n", latency:percentile(99)))
end
