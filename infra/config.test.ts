import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARS, ConfigError, loadConfig } from './config.ts';

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

  it('documents every variable in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(CONFIG_VARS).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
