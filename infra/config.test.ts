import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARS } from './config-vars.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('defaults to the embedded system', () => {
    // given no environment
    // when the config is loaded
    const config = loadConfig({});
    // then every default is the embedded one
    expect(config.db.url).toBeUndefined();
    expect(config.engine.kind).toBe('embedded');
    expect(config.http.port).toBe(3000);
  });

  it('refuses a malformed value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ENGINE: 'camunda7' })).toThrow(/ENGINE/);
    expect(() => loadConfig({ DEADLINE_TIME_OF_DAY: '25:00' })).toThrow(/DEADLINE_TIME_OF_DAY/);
  });

  it('refuses an engine owner timeout shorter than two heartbeats', () => {
    // given a heartbeat of 5 s
    // when the owner timeout is shorter than two of them, then it is refused; at two it is taken
    expect(() => loadConfig({ ENGINE_HEARTBEAT_MS: '5000', ENGINE_OWNER_TIMEOUT_MS: '9999' })).toThrow(
      /ENGINE_OWNER_TIMEOUT_MS/,
    );
    expect(loadConfig({ ENGINE_HEARTBEAT_MS: '5000', ENGINE_OWNER_TIMEOUT_MS: '10000' }).engine.owner).toEqual({
      heartbeatMs: 5000,
      timeoutMs: 10000,
    });
    expect(() => loadConfig({ ENGINE_HEARTBEAT_MS: '50' })).toThrow(/ENGINE_HEARTBEAT_MS/);
  });

  it('documents every variable in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(CONFIG_VARS).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
