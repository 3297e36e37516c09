import { describe, expect, it } from 'vitest';
import { createSyncMetrics, renderSyncMetrics } from './sync-metrics.ts';

describe('sync metrics', () => {
  it('renders a cumulative lag histogram and the gauges in the Prometheus text format', () => {
    // given lags of 0.05 s, 0.3 s, 3 s and 400 s
    const metrics = createSyncMetrics();
    for (const s of [0.05, 0.3, 3, 400]) metrics.observeLag(s);
    metrics.countSent(4);
    // when rendered
    const text = renderSyncMetrics(metrics.snapshot(), { backlog: 12, parked: 1, oldestUnsentAgeSeconds: 42.5 });
    // then buckets count cumulatively and every series is present
    expect(text).toContain('# TYPE sync_lag_seconds histogram\n');
    expect(text).toContain('sync_lag_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('sync_lag_seconds_bucket{le="0.5"} 2\n');
    expect(text).toContain('sync_lag_seconds_bucket{le="5"} 3\n');
    expect(text).toContain('sync_lag_seconds_bucket{le="300"} 3\n');
    expect(text).toContain('sync_lag_seconds_bucket{le="+Inf"} 4\n');
    expect(text).toContain('sync_lag_seconds_count 4\n');
    expect(text).toContain('sync_lag_seconds_sum 403.350\n');
    expect(text).toContain('sync_backlog 12\n');
    expect(text).toContain('sync_parked 1\n');
    expect(text).toContain('sync_oldest_unsent_age_seconds 42.500\n');
    expect(text).toContain('sync_records_sent_total 4\n');
    expect(text.endsWith('\n')).toBe(true);
  });
});
