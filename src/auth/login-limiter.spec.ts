import { FixedClock } from '../common/clock';
import { LoginLimiter, TooManyAttemptsError } from './login-limiter';

describe('failed login limits', () => {
  const start = new Date('2025-06-01T00:00:00Z');
  let clock: FixedClock;
  let limiter: LoginLimiter;

  beforeEach(() => {
    clock = new FixedClock(start);
    limiter = new LoginLimiter(clock);
  });

  const fail = (n: number, username = 'ppid-a', address = '10.0.0.1') => {
    for (let i = 0; i < n; i += 1) limiter.failed(username, address);
  };

  it('allows four failures, refuses after the fifth until the first ages out', () => {
    fail(4);
    expect(() => limiter.check('ppid-a', '10.0.0.1')).not.toThrow();
    fail(1);
    expect(() => limiter.check('PPID-A', '10.0.0.1')).toThrow(TooManyAttemptsError);
    try {
      limiter.check('ppid-a', '10.0.0.1');
    } catch (error) {
      expect((error as TooManyAttemptsError).retryAfterSeconds).toBe(900);
    }
    clock.set(new Date(start.getTime() + 15 * 60 * 1000 + 1));
    expect(() => limiter.check('ppid-a', '10.0.0.1')).not.toThrow();
  });

  it('counts per username and address; a success clears the account', () => {
    fail(5);
    expect(() => limiter.check('ppid-a', '10.0.0.2')).not.toThrow();
    expect(() => limiter.check('ppid-b', '10.0.0.1')).not.toThrow();
    limiter.succeeded('ppid-a', '10.0.0.1');
    expect(() => limiter.check('ppid-a', '10.0.0.1')).not.toThrow();
  });

  it('limits one address trying many usernames', () => {
    for (let i = 0; i < 30; i += 1) fail(1, `user-${i}`);
    expect(() => limiter.check('someone-else', '10.0.0.1')).toThrow(TooManyAttemptsError);
    expect(() => limiter.check('someone-else', '10.0.0.9')).not.toThrow();
  });
});
