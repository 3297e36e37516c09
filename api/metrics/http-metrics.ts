/**
 * Prometheus metrics of the HTTP API: request counts and a latency histogram by method, route and
 * status. /metrics renders these and every renderer passed in (`() => string`, Prometheus text).
 */
import type { FastifyInstance } from 'fastify';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function createHttpMetrics() {
  const series = new Map<string, { labels: string; s: Series }>();
  return {
    observe(method: string, route: string, status: number, seconds: number): void {
      const labels = `method="${esc(method)}",route="${esc(route)}",status="${status}"`;
      let entry = series.get(labels);
      if (!entry) {
        entry = { labels, s: { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) } };
        series.set(labels, entry);
      }
      entry.s.count += 1;
      entry.s.sum += seconds;
      BUCKETS.forEach((b, i) => {
        if (seconds <= b) entry.s.buckets[i]! += 1;
      });
    },
    render(): string {
      const lines = [
        '# HELP http_requests_total HTTP requests by method, route and status.',
        '# TYPE http_requests_total counter',
      ];
      for (const { labels, s } of series.values()) lines.push(`http_requests_total{${labels}} ${s.count}`);
      lines.push(
        '# HELP http_request_duration_seconds HTTP request latency.',
        '# TYPE http_request_duration_seconds histogram',
      );
      for (const { labels, s } of series.values()) {
        BUCKETS.forEach((b, i) =>
          lines.push(`http_request_duration_seconds_bucket{${labels},le="${b}"} ${s.buckets[i]}`),
        );
        lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
        lines.push(`http_request_duration_seconds_sum{${labels}} ${s.sum}`);
        lines.push(`http_request_duration_seconds_count{${labels}} ${s.count}`);
      }
      const memory = process.memoryUsage();
      lines.push(
        '# HELP process_heap_used_bytes V8 heap in use.',
        '# TYPE process_heap_used_bytes gauge',
        `process_heap_used_bytes ${memory.heapUsed}`,
        '# HELP process_resident_memory_bytes Resident set size.',
        '# TYPE process_resident_memory_bytes gauge',
        `process_resident_memory_bytes ${memory.rss}`,
        '# HELP process_uptime_seconds Seconds since this process started.',
        '# TYPE process_uptime_seconds gauge',
        `process_uptime_seconds ${process.uptime().toFixed(1)}`,
      );
      return `${lines.join('\n')}\n`;
    },
  };
}

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;

export function addMetricsHook(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? '<unmatched>',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}
