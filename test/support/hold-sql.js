// Preloaded (`node -r`) into a child process by test/faults.e2e-spec.ts: holds the process still
// inside its transaction at a chosen statement, so that the test's SIGKILL lands exactly there.
// MONEV_TEST_HOLD_SQL is a regular expression; the second statement that matches it is announced
// on stderr ("HOLD <statement>") and never sent — the process waits until it is killed.
const pattern = process.env.MONEV_TEST_HOLD_SQL && new RegExp(process.env.MONEV_TEST_HOLD_SQL);
let seen = 0;

function holds(sql) {
  if (!pattern || typeof sql !== 'string' || !pattern.test(sql) || ++seen !== 2) return false;
  process.stderr.write(`HOLD ${sql.slice(0, 60)}\n`);
  return true;
}

const forever = () => new Promise((resolve) => setTimeout(resolve, 10 * 60 * 1000));

const sqlite3 = require('sqlite3');
const run = sqlite3.Database.prototype.run;
sqlite3.Database.prototype.run = function (sql, ...rest) {
  if (holds(sql)) {
    forever().then(() => run.call(this, sql, ...rest));
    return this;
  }
  return run.call(this, sql, ...rest);
};

const pg = require('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  if (holds(typeof config === 'string' ? config : config && config.text)) return forever().then(() => query.call(this, config, ...rest));
  return query.call(this, config, ...rest);
};
