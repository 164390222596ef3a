import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `pending` while the password is being checked (it counts as a failure until then), then
 * `failure` or `success`; `cleared` for failures forgiven by a later success from the same
 * address.
 */
export type AttemptOutcome = 'pending' | 'failure' | 'success' | 'cleared';

/** One login attempt, counted by the throttle of SPEC §16 (login-throttle.ts). */
@Entity('login_attempt')
@Index('IDX_login_attempt_username_at', ['username', 'at'])
@Index('IDX_login_attempt_address_at', ['address', 'at'])
@Index('IDX_login_attempt_at', ['at'])
export class LoginAttempt {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  at!: string;

  /** the username as typed, in lower case: "Admin" and "admin" share their counters */
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  /** the client's address (X-Forwarded-For only behind MONEV_TRUST_PROXY) */
  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AttemptOutcome;
}
