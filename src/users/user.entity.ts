import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'admin' | 'verifier' | 'juror' | 'body';
export const ROLES: readonly Role[] = ['admin', 'verifier', 'juror', 'body'];
/** The roles as the pages name them in Bahasa Indonesia. */
export const PERAN: Readonly<Record<Role, string>> = { admin: 'admin', verifier: 'verifikator', juror: 'juri', body: 'badan publik' };

@Entity('user')
@Index('IDX_user_username', ['username'], { unique: true })
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  /** scrypt hash; null for accounts that cannot log in yet (e.g. jurors imported from a fixture) */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'varchar', length: 300, nullable: true })
  name!: string | null;

  /** null for an admin of every commission */
  @Column({ type: 'integer', nullable: true })
  commissionId!: number | null;

  /** the body a `body` user answers for */
  @Column({ type: 'integer', nullable: true })
  bodyId!: number | null;

  /** a disabled account cannot log in, and its sessions ended when it was disabled */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** set by an admin's temporary password: until it is changed only auth/* answers */
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ type: 'varchar', length: 40, nullable: true })
  lastLoginAt!: string | null;
}
