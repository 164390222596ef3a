import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SessionKind = 'api' | 'web';

/**
 * One login: a bearer token of the API (its `sid`) or, later, a browser's cookie (SPEC §11). The
 * id is the SHA-256 of the random secret the client holds, so a copy of the database names no
 * live session. Ended sessions stay until they have long expired.
 */
@Entity('session')
@Index('IDX_session_userId', ['userId'])
export class Session {
  /** hex SHA-256 of the session secret */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: SessionKind;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 40 })
  lastSeenAt!: string;

  @Column({ type: 'varchar', length: 40 })
  expiresAt!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  endedAt!: string | null;

  /** logout, password, reset, disabled, role */
  @Column({ type: 'varchar', length: 16, nullable: true })
  endedBecause!: string | null;
}
